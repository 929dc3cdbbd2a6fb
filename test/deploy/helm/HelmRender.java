// Helm for the chart test (test/deploy/helm.test.ts), run as a single-file source program:
//   java -cp '.cache/helm-java/*' test/deploy/helm/HelmRender.java template CHART NAME NAMESPACE KUBE_VERSION [VALUES.yaml ...]
//   java -cp '.cache/helm-java/*' test/deploy/helm/HelmRender.java notes CHART NAME NAMESPACE KUBE_VERSION [VALUES.yaml ...]
//   java -cp '.cache/helm-java/*' test/deploy/helm/HelmRender.java lint CHART
//   java -cp '.cache/helm-java/*' test/deploy/helm/HelmRender.java batch JOBS.tsv OUT_DIR
// helm-java runs Helm itself (a native library for linux-amd64 from Maven Central), so this is
// the real `helm template` / `helm lint --strict`, not a re-implementation. Helm is in neither
// Debian nor npm. `notes` is `helm install --dry-run=client` without a cluster: Helm's report with
// the rendered NOTES.txt. `batch` runs one job per line of JOBS.tsv (arguments tab-separated) in
// this one JVM, writing N.out, N.err and N.code into OUT_DIR: each JVM start with Helm's library
// costs seconds. Exit 0 on success; 1 with Helm's message on stderr otherwise.
import com.marcnuri.helm.DryRun;
import com.marcnuri.helm.Helm;
import com.marcnuri.helm.InstallCommand;
import com.marcnuri.helm.LintResult;
import com.marcnuri.helm.TemplateCommand;
import java.io.IOException;
import java.io.PrintStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

public class HelmRender {
  public static void main(String[] args) throws IOException {
    if (args.length == 3 && args[0].equals("batch")) {
      List<String> jobs = Files.readAllLines(Path.of(args[1]), StandardCharsets.UTF_8);
      for (int i = 0; i < jobs.size(); i++) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = run(jobs.get(i).split("\t"), new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        Files.write(Path.of(args[2], i + ".out"), out.toByteArray());
        Files.write(Path.of(args[2], i + ".err"), err.toByteArray());
        Files.writeString(Path.of(args[2], i + ".code"), Integer.toString(code));
      }
      return;
    }
    System.exit(run(args, System.out, System.err));
  }

  static int run(String[] args, PrintStream out, PrintStream err) {
    try {
      if (args.length >= 5 && args[0].equals("template")) {
        // Without a cluster Helm assumes an old Kubernetes (v1.20); the chart's kubeVersion needs newer.
        TemplateCommand command = new Helm(Path.of(args[1])).template().withName(args[2]).withNamespace(args[3]).withKubeVersion(args[4]);
        for (int i = 5; i < args.length; i++) command = command.withValuesFile(Path.of(args[i]));
        out.print(command.call());
      } else if (args.length >= 5 && args[0].equals("notes")) {
        InstallCommand command = new Helm(Path.of(args[1])).install().withName(args[2]).withNamespace(args[3]).withKubeVersion(args[4]);
        for (int i = 5; i < args.length; i++) command = command.withValuesFile(Path.of(args[i]));
        out.print(command.withDryRunOption(DryRun.CLIENT).clientOnly().call().getOutput());
      } else if (args.length == 2 && args[0].equals("lint")) {
        LintResult result = new Helm(Path.of(args[1])).lint().strict().call();
        for (String message : result.getMessages()) out.println(message);
        return result.isFailed() ? 1 : 0;
      } else {
        err.println("usage: HelmRender template|notes CHART NAME NAMESPACE KUBE_VERSION [VALUES...] | lint CHART | batch JOBS.tsv OUT_DIR");
        return 2;
      }
      return 0;
    } catch (RuntimeException e) {
      err.println(e.getMessage());
      return 1;
    }
  }
}
