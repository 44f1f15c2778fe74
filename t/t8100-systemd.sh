#!/bin/sh
# SPDX-License-Identifier: MIT
test_description='the Debian package under a real systemd, booted with systemd-nspawn'
. "${SRCDIR:-$(dirname "$0")/..}/t/test-lib.sh"
. "$SRCDIR/t/package-lib.sh"

# Run by "make check-systemd". The container boots this machine's own /
# under an overlay whose upper layer is in the trash directory, so nothing
# it does reaches the host; a unit inside runs the checks below, writes
# their results to a folder bound from the host, and powers the container
# off. The whole boot is bounded by BOOT_SECONDS.
BOOT_SECONDS=${BOOT_SECONDS:-300}

skip=$(package_skip_reason)
if test -z "$skip" && test "$(id -u)" != 0; then
	skip="systemd-nspawn needs root"
fi
if test -z "$skip" && ! command -v systemd-nspawn >/dev/null 2>&1; then
	skip="systemd-nspawn not found (apt-get install systemd-container)"
fi
if test -z "$skip" && ! test -x /lib/systemd/systemd; then
	skip="no systemd on this machine to boot in the container"
fi

cleanup () {
	nspawn_cleanup "$TRASH"
	rm -rf "$TRASH/upper" "$TRASH/root"
}
trap 'cleanup; feedd_kill_all_ "still running when $test_script_ ended"; rm -rf "$FEEDD_RUN"' EXIT

# The checks run inside the container, as a oneshot unit.
write_inner () {
	cat >"$1/feedd-test.service" <<-'UNIT' &&
	[Unit]
	Description=feedd's checks under systemd (t8100-systemd.sh)
	After=multi-user.target
	SuccessAction=poweroff-force
	FailureAction=poweroff-force

	[Service]
	Type=oneshot
	TimeoutStartSec=240
	StandardOutput=file:/mnt/out/inner.log
	StandardError=inherit
	ExecStart=/bin/sh -x /mnt/in/inner.sh
	ExecStopPost=/bin/sh -c 'journalctl -u feedd --no-pager -o short-monotonic >/mnt/out/journal 2>&1'
	UNIT
	cat >"$1/inner.sh" <<-'INNER'
	# What runs inside the container; "ok - NAME" or "not ok - NAME" lines.
	out=/mnt/out/results
	echo started >"$out"
	check () {
		name=$1
		shift
		if "$@"; then echo "ok - $name"; else echo "not ok - $name"; fi >>"$out"
	}
	# wait_for SECONDS COMMAND...
	wait_for () {
		n=$(($1 * 10))
		shift
		until "$@"; do
			n=$((n - 1))
			test "$n" -gt 0 || return 1
			sleep 0.1
		done
	}
	article () {
		printf '%s\n\nThe first paragraph.\n\nLast update: Fri, 20/05/2016 - 16:55\n\nMore from World\n' \
			"$2" >"/var/lib/feedd/articles/$1.txt"
	}
	published () {
		grep -q "$1" /var/lib/feedd/feeds/world.atom 2>/dev/null
	}
	status_text () {
		systemctl show -p StatusText --value feedd
	}
	active () {
		test "$(systemctl show -p ActiveState --value feedd)" = active
	}

	# This machine's image may forbid starting services from maintainer
	# scripts; in the container the package starts its unit the Debian way.
	rm -f /usr/sbin/policy-rc.d
	DEBIAN_FRONTEND=noninteractive dpkg -i /mnt/in/feedd.deb
	check "dpkg -i installs, enables and starts feedd" wait_for 20 active
	check "enabled the Debian way" systemctl is-enabled -q feedd
	check "READY: the status text says what it watches" \
		sh -c 'systemctl show -p StatusText --value feedd | grep -E "^[0-9]+ articles, [0-9]+ feeds, (watching|polling)"'
	check "the unit carries RestartPreventExitStatus=78" \
		sh -c 'systemctl show -p RestartPreventExitStatus --value feedd | grep -w 78'

	article new "Published in the container"
	check "a new article is published" wait_for 20 published "Published in the container"

	pid=$(systemctl show -p MainPID --value feedd)
	cp /etc/feedd/feedd.conf /root/feedd.conf.good
	printf '\n[extra]\ntitle = Extra\nsections = World\n' >>/etc/feedd/feedd.conf
	check "systemctl reload succeeds" systemctl reload feedd
	check "the reload applies a new section" \
		wait_for 20 test -s /var/lib/feedd/feeds/extra.atom
	check "the same process still runs" \
		test "$(systemctl show -p MainPID --value feedd)" = "$pid"
	cp /etc/feedd/feedd.conf /root/feedd.conf.extra

	echo "this line is broken" >>/etc/feedd/feedd.conf
	check "systemctl reload refuses a broken config" \
		sh -c '! systemctl reload feedd'
	check "the old config keeps running" active
	check "... in the same process" \
		test "$(systemctl show -p MainPID --value feedd)" = "$pid"
	article after "Built with the old config"
	check "... and still publishes" wait_for 20 published "Built with the old config"

	check "a restart with a broken config fails" \
		sh -c '! systemctl restart feedd'
	sleep 7
	check "... and ends failed, not restarted" \
		test "$(systemctl show -p ActiveState --value feedd)" = failed
	check "... with no restart attempt" \
		test "$(systemctl show -p NRestarts --value feedd)" = 0

	cp /root/feedd.conf.extra /etc/feedd/feedd.conf
	systemctl reset-failed feedd
	check "fixed, it starts again" systemctl start feedd
	t0=$(date +%s)
	check "systemctl stop succeeds" systemctl stop feedd
	t1=$(date +%s)
	check "it stops within 10 s" test $((t1 - t0)) -le 10
	check "... cleanly" \
		test "$(systemctl show -p Result --value feedd)" = success

	mkdir -p /srv/feeds
	chown feedd:feedd /srv/feeds
	sed -i 's|^output = .*|output = /srv/feeds|' /etc/feedd/feedd.conf
	systemctl start feedd
	check "outside ReadWritePaths=, STATUS= says the feeds fail, and why" \
		wait_for 20 sh -c 'systemctl show -p StatusText --value feedd | grep "feeds failing: .*Read-only file system.*ReadWritePaths=/srv/feeds"'
	check "... the log names the setting and the retry" \
		sh -c 'journalctl -u feedd | grep "Read-only file system.*ReadWritePaths=/srv/feeds.*will retry in"'
	mkdir -p /etc/systemd/system/feedd.service.d
	printf '[Service]\nReadWritePaths=/srv/feeds\n' \
		>/etc/systemd/system/feedd.service.d/output.conf
	systemctl daemon-reload
	systemctl restart feedd
	check "with ReadWritePaths=, the feeds are written" \
		wait_for 20 grep -q "Built with the old config" /srv/feeds/world.atom
	check "... and STATUS= is healthy again" \
		sh -c 'systemctl show -p StatusText --value feedd | grep -E "^[0-9]+ articles, [0-9]+ feeds, watching"'
	systemctl stop feedd
	echo done >>"$out"
	INNER
}

test_skip_next_=$skip
test_expect_success 'build the package' '
	package_build "$TRASH/deb" &&
	mkdir in out upper root root/etc &&
	cp deb/feedd_*.deb in/feedd.deb &&
	write_inner in &&
	cp /etc/os-release root/etc/
'

test_skip_next_=$skip
test_expect_success 'boot a container, install the package, run the checks' '
	nspawn_prepare "$TRASH" &&
	{ timeout -k 10 "$BOOT_SECONDS" systemd-nspawn -q -D "$TRASH/root" \
		--overlay="/:$TRASH/upper:/" --register=no --keep-unit \
		--private-network --bind="$TRASH/out:/mnt/out" \
		--bind-ro="$TRASH/in:/mnt/in" \
		--bind-ro="$TRASH/in/feedd-test.service:/etc/systemd/system/feedd-test.service" \
		-b systemd.wants=feedd-test.service >console 2>&1 ||
	  echo "systemd-nspawn: status $?" >>console; } &&
	test_grep -x started out/results
'

# One test per check made inside; a check that did not run fails.
for name in \
	"dpkg -i installs, enables and starts feedd" \
	"enabled the Debian way" \
	"READY: the status text says what it watches" \
	"the unit carries RestartPreventExitStatus=78" \
	"a new article is published" \
	"systemctl reload succeeds" \
	"the reload applies a new section" \
	"the same process still runs" \
	"systemctl reload refuses a broken config" \
	"the old config keeps running" \
	"... in the same process" \
	"... and still publishes" \
	"a restart with a broken config fails" \
	"... and ends failed, not restarted" \
	"... with no restart attempt" \
	"fixed, it starts again" \
	"systemctl stop succeeds" \
	"it stops within 10 s" \
	"... cleanly" \
	"outside ReadWritePaths=, STATUS= says the feeds fail, and why" \
	"... the log names the setting and the retry" \
	"with ReadWritePaths=, the feeds are written" \
	"... and STATUS= is healthy again"
do
	test_skip_next_=$skip
	NAME=$name
	export NAME
	test_expect_success "in the container: $name" '
		if ! grep -x -F "ok - $NAME" out/results; then
			grep -F -e "$NAME" out/results
			tail -n 20 out/journal
			false
		fi
	'
done

test_skip_next_=$skip
test_expect_success 'the container ran to its end and left nothing behind' '
	test_grep -x done out/results &&
	! pgrep -f "systemd-nspawn -q -D $TRASH/root" &&
	cleanup &&
	! test -e "$TRASH/upper" &&
	! test -f "$TRASH/mounted-run" &&
	! test -f "$TRASH/made-run"
'

test_done
