// Helm for the chart test (test/deploy/helm.test.ts), run as a single-file source program:
//   java -cp '.cache/helm-java/*' test/deploy/helm/HelmRender.java template CHART NAME NAMESPACE KUBE_VERSION [VALUES.yaml ...]
//   java -cp '.cache/helm-java/*' test/deploy/helm/HelmRender.java notes CHART NAME NAMESPACE KUBE_VERSION [VALUES.yaml ...]
//   java -cp '.cache/helm-java/*' test/deploy/helm/HelmRender.java lint CHART
// `notes` is `helm install --dry-run=client` without a cluster: Helm's report with the rendered NOTES.txt.
// helm-java runs Helm itself (a native library for linux-amd64 from Maven Central), so this is
// the real `helm template` / `helm lint --strict`, not a re-implementation. Helm is in neither
// Debian nor npm. Exit 0 on success; 1 with Helm's message on stderr otherwise.
import com.marcnuri.helm.DryRun;
import com.marcnuri.helm.Helm;
import com.marcnuri.helm.InstallCommand;
import com.marcnuri.helm.LintResult;
import com.marcnuri.helm.TemplateCommand;
import java.nio.file.Path;

public class HelmRender {
  public static void main(String[] args) {
    try {
      if (args.length >= 5 && args[0].equals("template")) {
        // Without a cluster Helm assumes an old Kubernetes (v1.20); the chart's kubeVersion needs newer.
        TemplateCommand command = new Helm(Path.of(args[1])).template().withName(args[2]).withNamespace(args[3]).withKubeVersion(args[4]);
        for (int i = 5; i < args.length; i++) command = command.withValuesFile(Path.of(args[i]));
        System.out.print(command.call());
      } else if (args.length >= 5 && args[0].equals("notes")) {
        InstallCommand command = new Helm(Path.of(args[1])).install().withName(args[2]).withNamespace(args[3]).withKubeVersion(args[4]);
        for (int i = 5; i < args.length; i++) command = command.withValuesFile(Path.of(args[i]));
        System.out.print(command.withDryRunOption(DryRun.CLIENT).clientOnly().call().getOutput());
      } else if (args.length == 2 && args[0].equals("lint")) {
        LintResult result = new Helm(Path.of(args[1])).lint().strict().call();
        for (String message : result.getMessages()) System.out.println(message);
        if (result.isFailed()) System.exit(1);
      } else {
        System.err.println("usage: HelmRender template|notes CHART NAME NAMESPACE KUBE_VERSION [VALUES...] | lint CHART");
        System.exit(2);
      }
    } catch (RuntimeException e) {
      System.err.println(e.getMessage());
      System.exit(1);
    }
  }
}
