#!/bin/bash
# Test job kind: fails the way an analysis does, with its reason as the last line of stderr.
echo "starting" 
echo "error: the test job failed on purpose" >&2
exit 3
