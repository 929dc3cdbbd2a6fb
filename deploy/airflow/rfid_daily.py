"""rfid-pipeline's daily layer as an Airflow DAG, for teams that already schedule with Airflow.

`rfid worker` does the same on its own (docs/daily-layer.md); run one or the other, not both, for
the schedule. Every task calls the rfid CLI for the DAG run's logical date, so Airflow's catchup
and "clear" re-run exactly the days asked, in order (max_active_runs=1), and every task is
idempotent: running a day again restates it.

Set the Airflow Variable `rfid_cli` to the command that runs the CLI on the worker, e.g.
`/opt/rfid-pipeline/bin/rfid` (the default), with DATABASE_URL and RFID_TIMEZONE in its
environment. The logical date is the business day in RFID_TIMEZONE: give the DAG the same zone.
"""
from __future__ import annotations

import pendulum
from airflow import DAG
from airflow.models import Variable
from airflow.operators.bash import BashOperator

RFID = "{{ var.value.get('rfid_cli', '/opt/rfid-pipeline/bin/rfid') }}"
ZONE = pendulum.timezone(Variable.get("rfid_timezone", default_var="UTC"))

with DAG(
    dag_id="rfid_daily",
    description="rfid-pipeline daily snapshot, forecasts, reorder signals and alerts",
    schedule="30 0 * * *",
    start_date=pendulum.datetime(2026, 1, 1, tz=ZONE),
    catchup=True,
    max_active_runs=1,
    default_args={"retries": 3, "retry_delay": pendulum.duration(minutes=2), "retry_exponential_backoff": True},
    tags=["rfid"],
) as dag:
    steps = {}
    for job in ("snapshot", "forecast", "reorder", "alerts"):
        steps[job] = BashOperator(
            task_id=job,
            bash_command=f"{RFID} jobs run {job} --date {{{{ ds }}}} --json",
        )
    steps["snapshot"] >> steps["forecast"] >> steps["reorder"] >> steps["alerts"]
