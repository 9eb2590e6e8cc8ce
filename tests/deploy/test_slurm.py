"""The default workflow on a real one-node SLURM cluster through `--profile profiles/slurm`
(issue 19, item 1): every job goes through sbatch and the outputs are byte-identical to a run
on one machine.

The cluster is Debian's slurm-wlm and munge (.ci/run installs them), started by the fixture:
munged with its own key and socket, slurmctld and slurmd with a generated slurm.conf (this
machine's real CPUs and memory from `slurmd -C`). There is no accounting database, so finished
jobs are recorded by the job-completion plugin (`sacct --completion` reads them), and the
executor plugin asks `squeue` for job states (`sacct` without accounting storage fails and the
plugin would wait for ever). slurm.conf sits at Slurm's default path, /etc/slurm/slurm.conf:
snakemake-executor-plugin-slurm-jobstep drops SLURM_CONF from the environment of the job step,
so a configuration anywhere else is not found inside the jobs. The test runs as root only,
and leaves an existing slurm.conf that is not its own alone.
"""

from __future__ import annotations

import fcntl
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
import yaml

SLURM_CONF = Path("/etc/slurm/slurm.conf")
WRITTEN_BY = "# written by metasynth's tests/deploy/test_slurm.py; removed when it ends"
METASYNTH = Path(sys.executable).with_name("metasynth")
SNAKEMAKE = Path(sys.executable).with_name("snakemake")
DAEMONS = ("munged", "slurmctld", "slurmd", "sbatch", "squeue", "sacct")

pytestmark = [pytest.mark.slow, pytest.mark.slurm]


def _why_not_here() -> str | None:
    """Why a one-node cluster cannot be started here (a reason to skip), or None."""
    if all(shutil.which(name) for name in DAEMONS):
        if os.geteuid() != 0:
            return "slurmd must run as root to start jobs as their user; this is not root"
        if SLURM_CONF.exists() and WRITTEN_BY not in SLURM_CONF.read_text():
            return f"{SLURM_CONF} belongs to this machine's own cluster; not replaced"
        return None
    if os.geteuid() != 0 or not shutil.which("apt-get"):
        return "slurm-wlm and munge are not installed and cannot be without root and apt-get"
    pytest.fail("slurm-wlm and munge are missing: `apt-get install slurm-wlm munge` (.ci/run does)")


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def _slurm_conf(state: Path, munge_socket: Path) -> str:
    """A one-node cluster: this machine as it is (`slurmd -C`), its files under `state`."""
    node = subprocess.run(["slurmd", "-C"], capture_output=True, text=True, check=True)
    node_line = node.stdout.splitlines()[0]  # NodeName=… CPUs=… RealMemory=…
    host = node_line.split()[0].removeprefix("NodeName=")
    return f"""{WRITTEN_BY}
ClusterName=metasynthtest
SlurmctldHost={host}
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
CredType=cred/munge
AuthInfo=socket={munge_socket}
SlurmctldPort={_free_port()}
SlurmdPort={_free_port()}
StateSaveLocation={state}/ctld
SlurmdSpoolDir={state}/spool
SlurmctldPidFile={state}/slurmctld.pid
SlurmdPidFile={state}/slurmd.pid
SlurmctldLogFile={state}/slurmctld.log
SlurmdLogFile={state}/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
MpiDefault=none
SchedulerType=sched/backfill
SelectType=select/cons_tres
SelectTypeParameters=CR_Core_Memory
AccountingStorageType=accounting_storage/none
JobAcctGatherType=jobacct_gather/none
JobCompType=jobcomp/filetxt
JobCompLoc={state}/jobcomp.log
# finished jobs stay visible to squeue for 10 minutes: the executor's status command
MinJobAge=600
ReturnToService=2
{node_line} State=UNKNOWN
PartitionName=main Nodes=ALL Default=YES MaxTime=INFINITE State=UP
"""


def _start_munged(state: Path) -> Path:
    munge = state / "munge"
    munge.mkdir(mode=0o711)
    key = munge / "munge.key"
    key.write_bytes(os.urandom(1024))
    key.chmod(0o400)
    socket_path = munge / "munge.socket"
    subprocess.run(
        ["munged", "--force", f"--socket={socket_path}", f"--key-file={key}",
         f"--log-file={munge}/munged.log", f"--pid-file={munge}/munged.pid",
         f"--seed-file={munge}/munged.seed"],
        check=True, capture_output=True,
    )  # fmt: skip
    return socket_path


def _wait_for_idle_node() -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        state = subprocess.run(["sinfo", "-h", "-o", "%T"], capture_output=True, text=True)
        if state.stdout.strip() == "idle":
            return
        time.sleep(1)
    raise AssertionError(f"the node did not become idle: {state.stdout}{state.stderr}")


@pytest.fixture(scope="module")
def slurm_cluster() -> Iterator[Path]:
    """A running one-node SLURM cluster; its state folder (logs, job completions)."""
    reason = _why_not_here()
    if reason:
        pytest.skip(reason)
    # one cluster per machine at a time: a second run of this test waits for the first
    with Path(tempfile.gettempdir(), "metasynth-slurm-test.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        state = Path(tempfile.mkdtemp(prefix="slurm-"))  # short: a socket path has 108 bytes
        munge_socket = _start_munged(state)
        SLURM_CONF.parent.mkdir(parents=True, exist_ok=True)
        SLURM_CONF.write_text(_slurm_conf(state, munge_socket))
        try:
            subprocess.run(["slurmctld"], check=True, capture_output=True)
            subprocess.run(["slurmd"], check=True, capture_output=True)
            _wait_for_idle_node()
            yield state
        finally:
            subprocess.run(["scontrol", "shutdown"], capture_output=True, check=False)
            subprocess.run(["munged", "--stop", f"--socket={munge_socket}"], capture_output=True)
            SLURM_CONF.unlink()
            shutil.rmtree(state, ignore_errors=True)


@pytest.fixture(scope="module")
def slurm_run(
    slurm_cluster: Path, tmp_path_factory: pytest.TempPathFactory,
    clean_checkout: Callable[[Path], Path],
) -> tuple[Path, subprocess.CompletedProcess[str], list[list[str]]]:  # fmt: skip
    """The default corpus run through profiles/slurm; the project, the run, sacct's jobs."""
    project = clean_checkout(tmp_path_factory.mktemp("slurm") / "project")
    done = subprocess.run(
        [str(SNAKEMAKE), "--profile", "profiles/slurm",
         # this test cluster: no accounts, no accounting storage (see the module docstring)
         "--slurm-no-account", "--slurm-status-command", "squeue",
         "--slurm-init-seconds-before-status-checks", "2", "--seconds-between-status-checks", "2"],
        cwd=project, capture_output=True, text=True, check=False,
    )  # fmt: skip
    jobs = subprocess.run(
        ["sacct", "--completion", "--parsable2", "--noheader", "-o", "jobid,jobname,state"],
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    return project, done, [line.split("|") for line in jobs.stdout.splitlines()]


def _slurm_jobs(project: Path) -> tuple[list[str], dict[str, str]]:
    """The jobs profiles/slurm submits: `rule_<name>` for each rule of the run but `all` (the
    rules Snakemake plans for the default corpus: not the per-export and partition rules,
    config `jobs`), except that the rules of a group run as one job, `group_<group>`; and
    rule → group."""
    planned = subprocess.run(
        [str(SNAKEMAKE), "--dry-run", "--forceall", "--quiet", "rules"],
        cwd=project, capture_output=True, text=True, check=True,
    )  # fmt: skip
    stats = planned.stdout.split("Job stats:")[1].split("total")[0]
    profile = yaml.safe_load((project / "profiles" / "slurm" / "config.yaml").read_text())
    group_of = dict(item.split("=") for item in profile["groups"])
    rules = {line.split()[0] for line in stats.splitlines()[3:] if line.strip()} - {"all"}
    jobs = [f"rule_{rule}" for rule in rules - set(group_of)]
    return sorted(jobs + [f"group_{group}" for group in set(group_of.values())]), group_of


def _job_label(log_folder: str, groups: set[str]) -> str:
    """`group_<group>` for the log folder of a group job (the plugin names it after the group
    and its rules, cut short with "..."), else the folder's name (`rule_<name>`)."""
    return next((f"group_{g}" for g in groups if log_folder.startswith(f"group_{g}_")), log_folder)


def test_every_rule_of_the_workflow_ran_in_a_slurm_job(
    slurm_run: tuple[Path, subprocess.CompletedProcess[str], list[list[str]]],
) -> None:
    project, done, jobs = slurm_run
    assert done.returncode == 0, done.stderr[-4000:]
    run_id = next(
        line.split(": ")[1] for line in done.stderr.splitlines() if line.startswith("SLURM run ID")
    )
    # "Job 1 has been submitted with SLURM jobid 7 (log: …/slurm_logs/rule_ingest_exports/7.log)."
    submission = re.compile(r"with SLURM jobid (\d+) \(log: .*/slurm_logs/([^/]+)/")
    submitted = dict(submission.findall(done.stderr))
    expected, group_of = _slurm_jobs(project)
    groups = set(group_of.values())
    assert sorted(_job_label(folder, groups) for folder in submitted.values()) == expected
    assert sorted(jobs) == sorted([job_id, run_id, "COMPLETED"] for job_id in submitted)


def test_the_slurm_run_makes_the_bytes_of_a_local_run(
    slurm_run: tuple[Path, subprocess.CompletedProcess[str], list[list[str]]],
    finished_run: Path,
) -> None:
    project, done, _ = slurm_run
    assert done.returncode == 0, done.stderr[-4000:]
    compared = subprocess.run(
        [str(METASYNTH), "manifest", "compare", str(finished_run / "results" / "manifest.tsv"),
         str(project / "results" / "manifest.tsv")],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert compared.returncode == 0, compared.stdout + compared.stderr
