/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * scout-ntp-agent: command line, configuration check, then the init ladder
 * (cache, agent, refresh timer), the loop, and the finis in reverse order.
 */
#ifdef HAVE_CONFIG_H
#	include "config.h"
#endif

#include <errno.h>
#include <getopt.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/signalfd.h>
#include <unistd.h>

#ifdef HAVE_LIBSYSTEMD
#	include <systemd/sd-daemon.h>
#endif

#include <net-snmp/net-snmp-config.h>
#include <net-snmp/net-snmp-includes.h>
#include <net-snmp/agent/net-snmp-agent-includes.h>

#include "address.h"
#include "agent.h"
#include "agentx_report.h"
#include "backend.h"
#include "collect.h"
#include "conf.h"
#include "log.h"
#include "logfile.h"
#include "loop.h"
#include "mib.h"
#include "notify.h"
#include "ntpv4_mib.h"
#include "ntpv4_notify.h"
#include "pidfile.h"

static bool arg_foreground;
static bool arg_check_only;
static const char *arg_agentx_socket;
static const char *arg_config = CONF_DEFAULT_PATH;
static bool arg_config_given;
static const char *arg_pidfile;
static bool arg_log_given;

static void
usage(FILE *out)
{
	fprintf(out,
	    "usage: scout-ntp-agent [-f] [-n] [-x ADDRESS] [-c FILE] [-p PIDFILE]\n"
	    "                       [-L LOGOPTS] [-D TOKENS] [-V] [-h]\n"
	    "\n"
	    "  -f          stay in the foreground\n"
	    "  -x ADDRESS  AgentX master address (default %s)\n"
	    "  -c FILE     configuration file (default %s)\n"
	    "  -n          check the configuration and exit\n"
	    "  -p PIDFILE  write the process id to PIDFILE\n"
	    "  -L LOGOPTS  where to log, as snmpd: -Le, -Lo, -Lf FILE, -Ls FACILITY\n"
	    "  -D TOKENS   net-snmp debug tokens (e.g. -Dagentx, -Dscout-ntp)\n"
	    "  -V          print the version and exit\n"
	    "  -h          print this help and exit\n",
	    NETSNMP_AGENTX_SOCKET, CONF_DEFAULT_PATH);
}

/*
 * -Lf FILE (or -LfFILE, -Lf=FILE): opened by us without following a symlink,
 * rather than by net-snmp. -LF PRIORITY FILE is refused: it would go to
 * net-snmp's fopen().
 */
static int
open_log_file(const char *opt, int argc, char **argv)
{
	const char *path = opt + 1;
	int r;

	if (opt[0] == 'F') {
		fprintf(
		    stderr, "scout-ntp-agent: -LF is not supported: use -Lf FILE\n");
		return -EINVAL;
	}
	if (*path == '=')
		path++;
	path += strspn(path, " ");
	if (!*path) {
		if (optind >= argc) {
			fprintf(stderr, "scout-ntp-agent: -Lf needs a file name\n");
			return -EINVAL;
		}
		path = argv[optind++];
	}
	r = logfile_open(path);
	if (r == -ELOOP)
		fprintf(stderr,
		    "scout-ntp-agent: -Lf %s: it is a symbolic link; refusing to follow it\n",
		    path);
	else if (r == -EINVAL)
		fprintf(stderr,
		    "scout-ntp-agent: -Lf %s: not a regular file or a character device\n",
		    path);
	else if (r < 0)
		fprintf(stderr, "scout-ntp-agent: -Lf %s: %s\n", path, strerror(-r));
	return r;
}

/* Returns -1 to go on, or the exit status. */
static int
parse_args(int argc, char **argv)
{
	int c;

	while ((c = getopt(argc, argv, "fx:c:np:L:D:Vh")) != -1) {
		switch (c) {
		case 'f':
			arg_foreground = true;
			break;
		case 'x':
			arg_agentx_socket = optarg;
			break;
		case 'c':
			arg_config = optarg;
			arg_config_given = true;
			break;
		case 'n':
			arg_check_only = true;
			break;
		case 'p':
			arg_pidfile = optarg;
			break;
		case 'L':
			if (optarg[0] == 'f' || optarg[0] == 'F') {
				if (open_log_file(optarg, argc, argv) < 0)
					return EXIT_FAILURE;
				arg_log_given = true;
				break;
			}
			if (snmp_log_options(optarg, argc, argv) < 0) {
				fprintf(stderr, "scout-ntp-agent: bad -L option: %s\n",
				    optarg);
				return EXIT_FAILURE;
			}
			arg_log_given = true;
			break;
		case 'D':
			debug_register_tokens(optarg);
			snmp_set_do_debugging(1);
			break;
		case 'V':
			printf("scout-ntp-agent %s (net-snmp %s)\n", PACKAGE_VERSION,
			    netsnmp_get_version());
			return EXIT_SUCCESS;
		case 'h':
			usage(stdout);
			return EXIT_SUCCESS;
		default:
			usage(stderr);
			return EXIT_FAILURE;
		}
	}
	if (optind < argc) {
		fprintf(stderr, "scout-ntp-agent: unexpected argument \"%s\"\n",
		    argv[optind]);
		usage(stderr);
		return EXIT_FAILURE;
	}
	return -1;
}

static int
acquire_pidfile(const char *path)
{
	char why[512];
	pid_t holder = 0;
	int r = pidfile_acquire(path, &holder);

	if (r == 0)
		return 0;
	if (r == -EWOULDBLOCK && holder > 0)
		snprintf(why, sizeof(why), "another scout-ntp-agent (pid %ld) holds %s",
		    (long)holder, path);
	else if (r == -EWOULDBLOCK)
		snprintf(why, sizeof(why), "another scout-ntp-agent holds %s", path);
	else if (r == -ELOOP)
		snprintf(why, sizeof(why),
		    "pid file %s is a symbolic link; refusing to follow it", path);
	else if (r == -EINVAL)
		snprintf(why, sizeof(why), "pid file %s is not a regular file", path);
	else
		snprintf(why, sizeof(why), "cannot open pid file %s: %s", path,
		    strerror(-r));
	log_err("not starting: %s", why);
	/* still on the terminal: say it there too when logging goes elsewhere */
	if (!snmp_stderrlog_status())
		fprintf(stderr, "scout-ntp-agent: not starting: %s\n", why);
	return r;
}

static int
open_signal_fd(void)
{
	sigset_t mask;

	signal(SIGPIPE, SIG_IGN);
	sigemptyset(&mask);
	sigaddset(&mask, SIGTERM);
	sigaddset(&mask, SIGINT);
	sigaddset(&mask, SIGHUP);
	if (sigprocmask(SIG_BLOCK, &mask, NULL) < 0)
		return -errno;
	return signalfd(-1, &mask, SFD_CLOEXEC | SFD_NONBLOCK);
}

/* After every refresh: the tables, then the notifications the change calls for. */
static void
refreshed(const struct snapshot *s)
{
	mib_update(s);
	ntpv4_mib_update(s);
	notify_update(s);
	ntpv4_notify_update(s);
}

static void
refresh_alarm(unsigned int reg, void *clientarg)
{
	collect_refresh();
}

#ifdef HAVE_LIBSYSTEMD
static void
watchdog_alarm(unsigned int reg, void *clientarg)
{
	sd_notify(0, "WATCHDOG=1");
}
#endif

/* Type=notify: ready once registered and refreshing; a watchdog ping from the
 * main loop itself, so a stuck loop gets the agent restarted. No-ops outside
 * systemd. */
static void
notify_service_ready(void)
{
#ifdef HAVE_LIBSYSTEMD
	uint64_t usec;

	sd_notify(0, "READY=1");
	if (sd_watchdog_enabled(0, &usec) > 0) {
		struct timeval half = { (time_t)(usec / 2 / 1000000),
			(suseconds_t)(usec / 2 % 1000000) };
		snmp_alarm_register_hr(half, SA_REPEAT, watchdog_alarm, NULL);
	}
#endif
}

int
main(int argc, char **argv)
{
	struct conf conf;
	int r, signal_fd, status = EXIT_FAILURE;

	r = parse_args(argc, argv);
	if (r >= 0)
		return r;

	conf_init(&conf);
	r = conf_load(&conf, arg_config, !arg_config_given, stderr);
	if (r < 0) {
		/* conf_load has printed every error as FILE:LINE: message */
		if (!arg_check_only)
			fprintf(stderr,
			    "scout-ntp-agent: not starting: %s has errors\n",
			    arg_config);
		conf_free(&conf);
		return EXIT_FAILURE;
	}
	if (arg_agentx_socket) {
		struct address a;
		char *msg = NULL;

		/* -x gets the checks agentXSocket gets in the file */
		if (address_parse_agentx(arg_agentx_socket, &a, &msg) < 0) {
			fprintf(stderr, "scout-ntp-agent: -x \"%s\": %s\n",
			    arg_agentx_socket,
			    msg ?
				msg :
				"not an AgentX address (unix:/PATH or tcp:HOST:PORT)");
			free(msg);
			conf_free(&conf);
			return EXIT_FAILURE;
		}
		free(conf.agentx_socket);
		conf.agentx_socket = strdup(arg_agentx_socket);
	}
	if (arg_check_only) {
		printf("%s: configuration OK\n", arg_config);
		conf_free(&conf);
		return EXIT_SUCCESS;
	}

	if (!arg_log_given) {
		if (arg_foreground)
			snmp_enable_stderrlog();
		else
			snmp_enable_syslog_ident(AGENT_APP_NAME, LOG_DAEMON);
	}
	/* locked before the forks (the lock follows them), so a second agent
	 * is refused on its terminal */
	if (arg_pidfile && acquire_pidfile(arg_pidfile) < 0)
		goto out_conf;
	if (!arg_foreground && netsnmp_daemonize(1, snmp_stderrlog_status()) != 0) {
		log_err("cannot go into the background");
		goto out_pidfile;
	}
	if (arg_pidfile && (r = pidfile_write()) < 0) {
		log_err("cannot write %s: %s", arg_pidfile, strerror(-r));
		goto out_pidfile;
	}
	signal_fd = open_signal_fd();
	if (signal_fd < 0) {
		log_err("cannot set up signal handling: %s", strerror(errno));
		goto out_pidfile;
	}

	r = collect_init(&conf, backends, refreshed);
	if (r < 0) {
		log_err("cannot set up the backends: %s", strerror(-r));
		goto out_signals;
	}
	notify_init(&conf);
	ntpv4_notify_init(&conf);
	if (agent_init(&conf) < 0)
		goto out_agent;
	if (snmp_alarm_register(conf.refresh_s, SA_REPEAT, refresh_alarm, NULL) == 0) {
		log_err("cannot start the refresh timer");
		goto out_agent;
	}
	collect_refresh();
	if (agentx_report_is_registered())
		log_notice("scout-ntp-agent %s started (refresh every %u s)",
		    PACKAGE_VERSION, conf.refresh_s);
	else
		log_notice("scout-ntp-agent %s started, waiting for snmpd at %s "
			   "(refresh every %u s)",
		    PACKAGE_VERSION, agentx_report_master(), conf.refresh_s);
	notify_service_ready();

	r = loop_run(signal_fd);
	if (r < 0)
		log_err("main loop failed: %s", strerror(-r));
	else {
		log_notice("scout-ntp-agent stopping on signal %d", r);
		status = EXIT_SUCCESS;
	}

out_agent:
	ntpv4_notify_fini();
	notify_fini();
	agent_fini();
	collect_fini();
out_signals:
	close(signal_fd);
out_pidfile:
	pidfile_release();
out_conf:
	conf_free(&conf);
	return status;
}
