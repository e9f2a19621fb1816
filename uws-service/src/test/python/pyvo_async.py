"""pyvo's async TAP client against a UWS job list: submit_job, run, wait, fetch_result, delete.

Usage: python3 pyvo_async.py <TAP base URL whose /async is the UWS job list>
Prints the result table's row count and the job's phase; exits non-zero on any failure.
"""
import sys

import pyvo

base = sys.argv[1]
service = pyvo.dal.TAPService(base)
job = service.submit_job("SELECT TOP 3 obs_id FROM ivoa.obscore", maxrec=3)
print("created", job.url, job.phase)
assert job.phase == "PENDING", job.phase
job.run()
job.wait(phases=["COMPLETED", "ERROR", "ABORTED"], timeout=60)
print("phase", job.phase)
job.raise_if_error()
table = job.fetch_result().to_table()
print("rows", len(table))
assert len(table) == 2, table
assert job.owner in (None, ""), job.owner
job.delete()
print("OK")
