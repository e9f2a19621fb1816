#!/bin/bash
# Test job kind: runs for five minutes unless stopped — for aborts and execution durations.
sleep 300
