# SPDX-License-Identifier: MIT
# package-lib.sh: building feedd's Debian package for t8000 and t8100.
# Sourced after test-lib.sh.

# Why the package cannot be built here, or nothing when it can.
package_skip_reason () {
	if ! command -v dpkg-buildpackage >/dev/null 2>&1; then
		echo "dpkg-buildpackage not found (apt-get install dpkg-dev debhelper)"
	elif ! command -v dh >/dev/null 2>&1; then
		echo "dh not found (apt-get install debhelper)"
	elif ! test -f "$SRCDIR/debian/control"; then
		echo "no debian/ in $SRCDIR"
	fi
}

# package_build DIR: builds feedd_*.deb from this tree's release files
# ("make distdir", so the package is made of what a release ships) in
# DIR/feedd-src, leaving the .deb, .changes and the log in DIR. The test
# suite is not run again inside: "make check" runs it.
package_build () {
	rm -rf "$1" &&
	mkdir -p "$1" &&
	${MAKE:-make} -s -C "$BUILDDIR" distdir distdir="$1/feedd-src" \
		>"$1/distdir.log" 2>&1 &&
	(
		cd "$1/feedd-src" &&
		DEB_BUILD_OPTIONS="nocheck${DEB_BUILD_OPTIONS:+ $DEB_BUILD_OPTIONS}" \
		dpkg-buildpackage -us -uc -b
	) >"$1/build.log" 2>&1 || {
		tail -n 30 "$1/build.log"
		return 1
	}
	ls "$1"/feedd_*.deb >/dev/null
}
