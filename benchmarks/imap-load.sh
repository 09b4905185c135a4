#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
#
# IMAP load: a closed loop of CLIENTS threads (ImapLoadClient, raw sockets, TCP_NODELAY), each
# session LOGIN, SELECT INBOX, FETCH 1:* (FLAGS), FETCH n BODY.PEEK[] of each of MESSAGES
# messages of 10 KB one at a time, LOGOUT, against mailwire's ImapServer (in-memory store),
# Dovecot's imapd (maildir, started on loopback through the core test fixture; "dovecot" as
# configured by default, a process per connection, "dovecot-fast" with its high-performance
# settings, processes reused) and GreenMail,
# one server at a time in its own JVM (ImapLoadServers). Counts bodies fetched per second over
# SECONDS after WARMUP seconds, and prints a table.
#
#   benchmarks/imap-load.sh
#   CLIENTS=8 SECONDS_RUN=15 SERVERS="mailwire dovecot" benchmarks/imap-load.sh
#
# Needs Dovecot (Debian dovecot-imapd) for the dovecot row.
set -euo pipefail
CLIENTS=${CLIENTS:-8}
MESSAGES=${MESSAGES:-20}
WARMUP=${WARMUP:-5}
SECONDS_RUN=${SECONDS_RUN:-15}
SERVERS=${SERVERS:-"mailwire dovecot dovecot-fast greenmail"}
SERVER_OPTS=${SERVER_OPTS:-"-Xms256m -Xmx1g"}
root=$(cd "$(dirname "$0")/.." && pwd)
jar="$root/benchmarks/target/benchmarks.jar"
[ -f "$jar" ] || mvn -B -ntp -q -f "$root/pom.xml" -pl benchmarks -am package -DskipTests
out=$(mktemp)
server=""
trap '[ -z "$server" ] || { kill $server 2>/dev/null; wait $server 2>/dev/null; }; rm -f "$out"' EXIT

printf '%-12s %7s %10s %10s %8s\n' server clients fetch_per_s sess_per_s MB_per_s
for kind in $SERVERS; do
    : > "$out"
    # shellcheck disable=SC2086
    java $SERVER_OPTS -cp "$jar" org.mailwire.bench.imap.ImapLoadServers "$kind" "$MESSAGES" > "$out" 2>&1 &
    server=$!
    for _ in $(seq 1 150); do grep -q READY "$out" && break; sleep 0.2; done
    if ! grep -q READY "$out"; then
        echo "$kind did not start:" >&2; cat "$out" >&2
    else
        read -r _ port < <(grep READY "$out")
        java -Xmx256m -cp "$jar" org.mailwire.bench.imap.ImapLoadClient "$kind" "$port" "$CLIENTS" \
            "$MESSAGES" "$WARMUP" "$SECONDS_RUN"
    fi
    kill "$server" 2>/dev/null || true
    wait "$server" 2>/dev/null || true
    server=""
done
