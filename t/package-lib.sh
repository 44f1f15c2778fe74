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

# systemd-nspawn keeps its mount propagation folders in /run/systemd/nspawn
# and removes them only from a tmpfs; where /run is not one,
# nspawn_prepare DIR mounts a tmpfs there (making the folder if need be),
# and nspawn_cleanup DIR undoes what it did, from markers left in DIR.
NSPAWN_RUN=/run/systemd/nspawn
nspawn_prepare () {
	if ! test -d "$NSPAWN_RUN"; then
		mkdir -p "$NSPAWN_RUN" && : >"$1/made-run"
	fi &&
	if ! mountpoint -q "$NSPAWN_RUN" &&
	   test "$(stat -f -c %T /run)" != tmpfs; then
		mount -t tmpfs -o mode=0755 tmpfs "$NSPAWN_RUN" &&
		: >"$1/mounted-run"
	fi
}
nspawn_cleanup () {
	if test -f "$1/mounted-run"; then
		umount "$NSPAWN_RUN" 2>/dev/null && rm -f "$1/mounted-run"
	fi
	if test -f "$1/made-run"; then
		rmdir "$NSPAWN_RUN" 2>/dev/null && rm -f "$1/made-run"
	fi
}
