"""Runs a command with its stderr merged into its stdout, then prints
`exit status N` (N negative for a signal) and exits 0, so that a test can
check a tool's exact exit status next to its message: `not` takes any
non-zero status, and lit's shell has no `$?`."""
import subprocess
import sys

result = subprocess.run(sys.argv[1:], stderr=subprocess.STDOUT)
sys.stdout.flush()
print(f"exit status {result.returncode}")
