# SPDX-License-Identifier: MIT
# nginx-lib.sh: conf/nginx.conf served by a real nginx on 127.0.0.1, for
# t3100 (nginx and readers) and t1600 (Chromium). Sourced after test-lib.sh.
#
# nginx runs as one unprivileged-port process (master_process off, daemon
# off), from a config made of conf/nginx.conf with its listen and root
# changed, inside an http {} block whose pid, logs and temporary paths are
# in $TRASH/nginx. Its pid is kept next to the trash directory and the
# EXIT trap set here stops it whatever happens. The access log records,
# per request, the path asked for (before negotiation), the status, the
# Accept header and the type that was sent.

: "${NGINX_BIN=$(command -v nginx || { test -x /usr/sbin/nginx && echo /usr/sbin/nginx; } || :)}"
: "${CURL=$(command -v curl || :)}"
NGINX_PID=$TRASH.nginx
# Not NGINX: nginx reads that variable for sockets to inherit.
export NGINX_BIN CURL NGINX_PID

stop_nginx_ () {
	test -f "$NGINX_PID" || return 0
	kill -TERM "$(cat "$NGINX_PID")" 2>/dev/null
	rm -f "$NGINX_PID"
}

# test-lib's EXIT trap with nginx stopped first. A script that starts
# something more stops it, then calls this, from its own trap.
nginx_exit_ () {
	stop_nginx_
	feedd_kill_all_ "still running when $test_script_ ended"
	rm -rf "$FEEDD_RUN"
}
stop_nginx_
trap nginx_exit_ EXIT

# needs TOOL...: the next test is skipped when a tool variable is empty.
needs () {
	for needs_t_; do
		eval "needs_v_=\${$needs_t_:-}"
		if test -z "$needs_v_"; then
			test_skip_next_="$(echo "${needs_t_%_BIN}" | tr A-Z a-z) is not installed (not found on PATH or in /usr/sbin)"
			return 0
		fi
	done
}

# What real clients send (Chromium: Debian's 156, navigating).
CHROMIUM_ACCEPT='text/html,application/xhtml+xml,application/xml;q=0.9,image/jxl,image/avif,image/webp,image/apng,*/*;q=0.8,application/signed-exchange;v=b3;q=0.7'
FIREFOX_ACCEPT='text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8'
FEEDPARSER_ACCEPT='application/atom+xml,application/rdf+xml,application/rss+xml,application/x-netcdf,application/xml;q=0.9,text/xml;q=0.2,*/*;q=0.1'
export CHROMIUM_ACCEPT FIREFOX_ACCEPT FEEDPARSER_ACCEPT

# nginx_pick_port: a free port on 127.0.0.1, in nginx/port.
nginx_pick_port () {
	mkdir -p nginx &&
	"$PYTHON3" -c "import socket; s = socket.socket(); s.bind((\"127.0.0.1\", 0)); print(s.getsockname()[1])" >nginx/port &&
	test -s nginx/port
}

# nginx_url PATH: http://127.0.0.1:PORT/PATH
nginx_url () {
	echo "http://127.0.0.1:$(cat "$TRASH/nginx/port")/$1"
}

# start_nginx ROOT [negotiate]: writes nginx/nginx.conf from
# conf/nginx.conf, serving the folder ROOT (with content negotiation
# turned on as its comment says, when asked), and starts nginx on the
# port in nginx/port.
start_nginx () {
	stop_nginx_
	mkdir -p nginx/tmp &&
	port=$(cat nginx/port) &&
	if test "${2:-}" = negotiate; then
		neg='/NEGOTIATION/,/^[	 ]*}/s/^\([	 ]*\)#\([a-z]\)/\1\2/'
	else
		neg=
	fi &&
	sed -e "s|^	listen 80;|	listen 127.0.0.1:$port;|" \
		-e "/listen \[::\]:80;/d" \
		-e "s|^	root .*;|	root $1;|" \
		${neg:+-e "$neg"} \
		"$SRCDIR/conf/nginx.conf" >nginx/site.conf &&
	cat >nginx/nginx.conf <<-EOF &&
	daemon off;
	master_process off;
	worker_processes 1;
	pid $TRASH/nginx/nginx.pid;
	error_log $TRASH/nginx/error.log;
	events { worker_connections 64; }
	http {
		log_format feedd '\$request_uri \$status "\$http_accept" "\$sent_http_content_type"';
		access_log $TRASH/nginx/access.log feedd;
		client_body_temp_path $TRASH/nginx/tmp/body;
		proxy_temp_path $TRASH/nginx/tmp/proxy;
		fastcgi_temp_path $TRASH/nginx/tmp/fastcgi;
		uwsgi_temp_path $TRASH/nginx/tmp/uwsgi;
		scgi_temp_path $TRASH/nginx/tmp/scgi;
		include $TRASH/nginx/site.conf;
	}
	EOF
	# Started with every descriptor but 0-2 closed, so that it does not
	# hold the pipe the test's output is read from.
	"$PYTHON3" -c "
import subprocess, sys
out = open(sys.argv[1], \"ab\")
print(subprocess.Popen(sys.argv[2:], stdin=subprocess.DEVNULL, stdout=out,
    stderr=subprocess.STDOUT, close_fds=True).pid)
" nginx/out "$NGINX_BIN" -p "$TRASH/nginx" -e "$TRASH/nginx/error.log" \
		-c "$TRASH/nginx/nginx.conf" >"$NGINX_PID" &&
	wait_for '"$CURL" -s -o /dev/null "$(nginx_url)"' 10 || {
		cat nginx/out nginx/error.log >&2
		return 1
	}
}

# stop_nginx: stops nginx and waits until it has exited.
stop_nginx () {
	stop_nginx_p_=$(cat "$NGINX_PID") &&
	kill -TERM "$stop_nginx_p_" &&
	wait_for "! kill -0 $stop_nginx_p_ 2>/dev/null" &&
	rm -f "$NGINX_PID"
}

# get PATH [CURL-ARG...]: fetches http://127.0.0.1:PORT/PATH; the headers
# go to headers (names in lower case, no CR), the body to body, and the
# status is printed.
get () {
	get_p_=$1
	shift
	rm -f body &&
	"$CURL" -s -o body -D headers.raw -w "%{http_code}\n" "$@" \
		"$(nginx_url "$get_p_")" &&
	tr -d "\r" <headers.raw |
		sed -e "s/^[^:]*:/\L&/" -e "1s/.*/\L&/" >headers
}

# header NAME: the value of that header in the last answer.
header () {
	sed -n "s/^$1: //p" headers
}
