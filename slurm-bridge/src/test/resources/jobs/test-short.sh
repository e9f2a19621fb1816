#!/bin/bash
# Test job kind: runs for a few seconds, then writes a result — for the kill -9/restart test.
sleep 8
echo "slept in $PWD" > slept.txt
