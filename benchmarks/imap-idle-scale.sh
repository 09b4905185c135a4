#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
#
# IMAP scale: N (default 10,000) authenticated connections in IDLE held by one mailwire
# ImapServer; reports the time to open, log in and start IDLE on all of them, the server's
# resident memory per connection (VmRSS from /proc, after a GC), and how long a message
# delivered through SMTP takes to reach every idler.
#
#   benchmarks/imap-idle-scale.sh            # N=10000
#   N=2000 SERVER_OPTS="-Xmx256m" benchmarks/imap-idle-scale.sh
#
# Needs a file-descriptor limit above N in both JVMs (ulimit -n).
set -euo pipefail
N=${N:-10000}
# The heap-free ratios let the JVM give back the heap the login burst grew (else RSS keeps it).
SERVER_OPTS=${SERVER_OPTS:-"-Xms16m -Xmx512m -XX:+UseSerialGC -XX:MinHeapFreeRatio=10 -XX:MaxHeapFreeRatio=20"}
root=$(cd "$(dirname "$0")/.." && pwd)
jar="$root/benchmarks/target/benchmarks.jar"
[ -f "$jar" ] || mvn -B -ntp -q -f "$root/pom.xml" -pl benchmarks -am package -DskipTests
out=$(mktemp)
java $SERVER_OPTS -cp "$jar" org.mailwire.bench.imap.ImapIdleScaleServer $((N + 1000)) > "$out" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null || true; rm -f "$out"' EXIT
for _ in $(seq 1 100); do grep -q READY "$out" && break; sleep 0.2; done
read -r _ imap smtp stats < <(grep READY "$out")
java -Xmx512m -cp "$jar" org.mailwire.bench.imap.ImapIdleScaleClient "$imap" "$smtp" "$server" "$N" "$stats"
