#!/bin/sh
# SPDX-License-Identifier: MIT
test_description='the Debian package: lintian-clean, installs, keeps an edited conffile, purges clean'
. "${SRCDIR:-$(dirname "$0")/..}/t/test-lib.sh"
. "$SRCDIR/t/package-lib.sh"

# Run by "make check-package", not by "make check": it installs the
# package on this machine (and removes it again).
build_skip=$(package_skip_reason)
lint_skip=$build_skip
if test -z "$lint_skip" && ! command -v lintian >/dev/null 2>&1; then
	lint_skip="lintian not found (apt-get install lintian)"
fi
install_skip=$build_skip
if test -z "$install_skip" && test "$(id -u)" != 0; then
	install_skip="dpkg -i needs root"
fi
if test -z "$install_skip" &&
   dpkg-query -W -f='${Status}\n' feedd 2>/dev/null | grep -q -v not-installed; then
	install_skip="a feedd package is installed here already: left alone"
fi
if test -z "$install_skip" && { test -e /etc/feedd || test -e /var/lib/feedd; }; then
	install_skip="/etc/feedd or /var/lib/feedd exists already: left alone"
fi

# Where this machine holds feedd's folders already (another install, or
# tests that wrote there), the install checks run on this machine's own /
# under an overlay, in a container without those folders, with nothing
# reaching the host; the same script, its TAP passed through.
if test -n "$install_skip" && test -z "${FEEDD_IN_OVERLAY:-}" &&
   test -z "$build_skip" && test "$(id -u)" = 0 &&
   command -v systemd-nspawn >/dev/null 2>&1; then
	echo "# $install_skip: running in an overlay container of this machine"
	# Beside the trash directory, which the script inside makes anew.
	outer=$BUILDDIR/t/overlay.$test_name_
	rm -rf "$outer" &&
	mkdir -p "$outer/root/etc" "$outer/root/usr" "$outer/upper" &&
	cp /etc/os-release "$outer/root/etc/" &&
	nspawn_prepare "$outer" || test_bail_out "cannot prepare systemd-nspawn"
	binds="--bind=$BUILDDIR"
	test "$SRCDIR" -ef "$BUILDDIR" || binds="$binds --bind=$SRCDIR"
	status=0
	# shellcheck disable=SC2086
	timeout -k 10 900 systemd-nspawn -q -D "$outer/root" \
		--overlay="/:$outer/upper:/" --register=no --keep-unit \
		--private-network --console=pipe $binds --chdir="$BUILDDIR/t" \
		--setenv=FEEDD_IN_OVERLAY=1 --setenv=FEEDD="$FEEDD" \
		--setenv=FEEDD_BINARY="${FEEDD_BINARY:-}" \
		--setenv=FAULTINJECT="${FAULTINJECT:-}" --setenv=SRCDIR="$SRCDIR" \
		--setenv=BUILDDIR="$BUILDDIR" --setenv=PYTHON3="$PYTHON3" \
		--setenv=JING="${JING:-}" --setenv=XMLLINT="${XMLLINT:-}" \
		--setenv=SFEED="${SFEED:-}" --setenv=MANDOC="${MANDOC:-}" \
		--setenv=MAKE="${MAKE:-make}" \
		-- /bin/sh -c 'dpkg --purge feedd >/dev/null 2>&1; rm -rf /etc/feedd /var/lib/feedd; exec /bin/sh "$0"' \
		"$SRCDIR/t/$test_script_" >"$outer/tap" 2>&1 || status=$?
	tr -d "\r" <"$outer/tap"
	nspawn_cleanup "$outer"
	rm -rf "$outer"
	exit "$status"
fi

# Every file whose name says feedd, outside the places where tests,
# package builds and dpkg's own records live.
feedd_files () {
	find / -xdev \( -path /proc -o -path /sys -o -path /dev -o -path /run \
		-o -path /tmp -o -path /var/tmp -o -path /work -o -path /home \
		-o -path /root -o -path /var/lib/dpkg -o -path /var/cache \
		-o -path /var/log -o -path "$BUILDDIR" -o -path "$SRCDIR" \) -prune \
		-o -name '*feedd*' -print | sort
}

# Whatever happens to the tests, the package installed here goes again.
purge_if_installed () {
	if test -f "$TRASH/installed"; then
		dpkg --purge feedd >/dev/null 2>&1 || :
		rm -f "$TRASH/installed"
	fi
}
trap 'purge_if_installed; feedd_kill_all_ "still running when $test_script_ ended"; rm -rf "$FEEDD_RUN"' EXIT

test_skip_next_=$build_skip
test_expect_success 'dpkg-buildpackage builds feedd_VERSION_ARCH.deb' '
	package_build "$TRASH/deb" &&
	"$FEEDD" --version >version &&
	read -r name version <version &&
	arch=$(dpkg --print-architecture) &&
	test -f "deb/feedd_${version}_$arch.deb" &&
	dpkg-deb -c "deb/feedd_${version}_$arch.deb" >contents &&
	test_grep " ./usr/sbin/feedd\$" contents &&
	test_grep " ./usr/share/man/man8/feedd.8.gz\$" contents &&
	test_grep " ./usr/share/man/man5/feedd.conf.5.gz\$" contents &&
	test_grep " ./etc/feedd/feedd.conf\$" contents &&
	test_grep " ./lib/systemd/system/feedd.service\$" contents &&
	test_grep " ./usr/lib/sysusers.d/feedd.conf\$" contents &&
	test_grep " ./usr/share/doc/feedd/copyright\$" contents &&
	! grep -E " ./usr/bin/|\\.dist\$" contents &&
	dpkg-deb -I "deb/feedd_${version}_$arch.deb" >info &&
	test_grep "^ Depends:.*libev4" info &&
	test_grep "^ Depends:.*libxml2" info &&
	test_grep "^ Depends:.*libcurl4 (>= 7\.85)" info
'

test_skip_next_=$lint_skip
test_expect_success 'lintian: no error, no warning' '
	{ lintian --tag-display-limit 0 deb/feedd_*.changes >lintian.out 2>&1 ||
	  echo "lintian: status $?" >>lintian.out; } &&
	cat lintian.out &&
	! grep -E "^lintian: status" lintian.out &&
	! grep -E "^[EW]: " lintian.out
'

test_skip_next_=$install_skip
test_expect_success 'dpkg -i installs it: user, folders, conffile, unit' '
	feedd_files >before &&
	cp before "$TRASH/files.before" &&
	: >"$TRASH/installed" &&
	dpkg -i deb/feedd_*.deb &&
	dpkg-query -W -f="\${Status}\n" feedd >status &&
	test_grep "install ok installed" status &&
	getent passwd feedd &&
	test "$(stat -c %U:%a /var/lib/feedd)" = feedd:755 &&
	test "$(stat -c %U:%a /var/lib/feedd/feeds)" = feedd:755 &&
	test "$(stat -c %U:%a /var/lib/feedd/articles)" = root:755 &&
	dpkg-query -W -f="\${Conffiles}\n" feedd >conffiles &&
	test_grep "^ /etc/feedd/feedd.conf " conffiles &&
	test_grep -x "RestartPreventExitStatus=78" /lib/systemd/system/feedd.service &&
	test_grep -x "ExecStart=/usr/sbin/feedd -c /etc/feedd/feedd.conf" \
		/lib/systemd/system/feedd.service &&
	test -L /etc/systemd/system/multi-user.target.wants/feedd.service
'

test_skip_next_=$install_skip
test_expect_success 'feedd -n -c /etc/feedd/feedd.conf: the shipped config is valid' '
	/usr/sbin/feedd -n -c /etc/feedd/feedd.conf >out 2>&1 &&
	cat out &&
	test_grep "configuration OK" out
'

test_skip_next_=$install_skip
test_expect_success 'the shipped config builds feeds in /var/lib/feedd/feeds' '
	write_article /var/lib/feedd/articles/hello.txt "Hello from the package" World &&
	chmod 644 /var/lib/feedd/articles/hello.txt &&
	STATE_DIRECTORY=/var/lib/feedd setpriv --reuid=feedd --regid=feedd \
		--clear-groups /usr/sbin/feedd -c /etc/feedd/feedd.conf --once -q &&
	test_grep "Hello from the package" /var/lib/feedd/feeds/world.atom &&
	test "$(stat -c %U /var/lib/feedd/feeds/world.atom)" = feedd &&
	! test -e /var/lib/feedd/feeds/.feedd.state &&
	rm /var/lib/feedd/articles/hello.txt
'

test_skip_next_=$install_skip
test_expect_success 'reinstalled, the package keeps an edited conffile' '
	sed -i "s|^;timezone = UTC\$|timezone = Europe/Brussels|" /etc/feedd/feedd.conf &&
	test_grep -x "timezone = Europe/Brussels" /etc/feedd/feedd.conf &&
	cp /etc/feedd/feedd.conf edited &&
	dpkg -i deb/feedd_*.deb &&
	test_cmp edited /etc/feedd/feedd.conf &&
	/usr/sbin/feedd -n -c /etc/feedd/feedd.conf
'

test_skip_next_=$install_skip
test_expect_success 'purge removes what the package made, keeps added articles' '
	write_article /var/lib/feedd/articles/mine.txt "Mine" World &&
	state=$(STATE_DIRECTORY=/var/lib/feedd /usr/sbin/feedd -n \
		-c /etc/feedd/feedd.conf | sed -n "s|.*: state in ||p") &&
	test "${state%/*}" = /var/lib/feedd &&
	test -f "$state" &&
	dpkg --purge feedd &&
	rm -f "$TRASH/installed" &&
	test -f /var/lib/feedd/articles/mine.txt &&
	rm -r /var/lib/feedd/articles/mine.txt &&
	rmdir /var/lib/feedd/articles /var/lib/feedd &&
	: the user feedd is kept on purpose, see debian/feedd.postrm &&
	feedd_files >after &&
	test_cmp "$TRASH/files.before" after
'

test_skip_next_=$install_skip
test_expect_success 'purge of an untouched install leaves nothing' '
	: >"$TRASH/installed" &&
	dpkg -i deb/feedd_*.deb &&
	dpkg --purge feedd &&
	rm -f "$TRASH/installed" &&
	! test -e /var/lib/feedd &&
	! test -e /etc/feedd &&
	! test -e /etc/systemd/system/multi-user.target.wants/feedd.service &&
	feedd_files >after &&
	test_cmp "$TRASH/files.before" after
'

test_done
