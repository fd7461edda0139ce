#!/bin/sh
# Installed as /usr/bin/perf-filing: the bundle finds its own files next to the real executable.
exec /opt/perf-filing/perf-filing "$@"
