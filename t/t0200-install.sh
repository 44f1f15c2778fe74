#!/bin/sh
# SPDX-License-Identifier: MIT
test_description='make install: sbin, man pages, unit; an edited config is never overwritten'
. "${SRCDIR:-$(dirname "$0")/..}/t/test-lib.sh"

# install_into DIR: "make install" of this build tree into DIR.
install_into () {
	${MAKE:-make} -s -C "$BUILDDIR" install DESTDIR="$1" >"$2" 2>&1
}

test_expect_success 'make install puts the daemon in sbin, the config, the unit' '
	install_into "$TRASH/root" out1 &&
	find root -type f >files &&
	grep -E "/sbin/feedd\$" files &&
	! grep -E "/bin/feedd\$" files &&
	grep -E "/man8/feedd\\.8\$" files &&
	grep -E "/man5/feedd\\.conf\\.5\$" files &&
	conf=$(grep -E "/etc/feedd/feedd\\.conf\$" files) &&
	cmp "$SRCDIR/conf/feedd.conf" "$conf" &&
	! grep -F feedd.conf.dist files &&
	unit=$(grep -E "/feedd\\.service\$" files) &&
	grep -x "RestartPreventExitStatus=78" "$unit" &&
	sbin=$(grep -E "/sbin/feedd\$" files) &&
	sbin=${sbin#root} &&
	grep -x "ExecStart=$sbin -c .*/etc/feedd/feedd.conf" "$unit"
'

test_expect_success 'a second make install keeps an edited config, says so' '
	conf=$(find root -path "*/etc/feedd/feedd.conf") &&
	echo "; edited by the admin" >>"$conf" &&
	cp "$conf" edited &&
	install_into "$TRASH/root" out2 &&
	test_cmp edited "$conf" &&
	cmp "$SRCDIR/conf/feedd.conf" "$conf.dist" &&
	test_grep "feedd.conf exists and was kept" out2 &&
	install_into "$TRASH/root" out3 &&
	test_cmp edited "$conf"
'

test_expect_success 'make uninstall keeps the edited config, removes the rest' '
	${MAKE:-make} -s -C "$BUILDDIR" uninstall DESTDIR="$TRASH/root" >out4 2>&1 &&
	test_grep "was edited: it is kept" out4 &&
	find root -type f >left &&
	conf=$(find root -path "*/etc/feedd/feedd.conf") &&
	echo "$conf" >expect &&
	test_cmp expect left
'

test_done
