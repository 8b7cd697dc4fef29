#!/bin/sh
# tools/zabbix-frontend-for-tests.sh DIR: makes the Zabbix frontend unpacked in
# DIR (from Debian's zabbix-frontend-php) runnable by a test with PHP's own web
# server, never touching /etc: Debian's build reads /etc/zabbix/zabbix.conf.php,
# this copy reads conf/zabbix.conf.php beside it, which takes the database
# socket and port from the environment of the test (ZBX_TEST_DB_SOCKET,
# ZBX_TEST_DB_PORT), so that parallel tests share one unpacked tree.
set -eu
[ $# -eq 1 ] || { echo "usage: $0 DIR" >&2; exit 2; }
ui=$1/usr/share/zabbix
class=$ui/include/classes/core/CConfigFile.php
[ -f "$class" ] || { echo "$0: no Zabbix frontend in $1" >&2; exit 1; }
sed -i "s|const CONFIG_FILE_PATH = '/etc/zabbix/zabbix.conf.php';|const CONFIG_FILE_PATH = __DIR__.'/../../../conf/zabbix.conf.php';|" "$class"
grep -q "__DIR__.'/../../../conf/zabbix.conf.php'" "$class" ||
	{ echo "$0: cannot point $class at conf/zabbix.conf.php" >&2; exit 1; }
cat >"$ui/conf/zabbix.conf.php" <<'CONF'
<?php
// for the tests of scout-ntp-agent: the private database of the running test
$DB['TYPE']           = 'POSTGRESQL';
$DB['SERVER']         = getenv('ZBX_TEST_DB_SOCKET');
$DB['PORT']           = getenv('ZBX_TEST_DB_PORT');
$DB['DATABASE']       = 'zabbix';
$DB['USER']           = 'zabbix';
$DB['PASSWORD']       = '';
$DB['SCHEMA']         = '';
$DB['ENCRYPTION']     = false;
$DB['KEY_FILE']       = '';
$DB['CERT_FILE']      = '';
$DB['CA_FILE']        = '';
$DB['VERIFY_HOST']    = false;
$DB['CIPHER_LIST']    = '';
$DB['VAULT_URL']      = '';
$DB['VAULT_DB_PATH']  = '';
$DB['VAULT_TOKEN']    = '';
$DB['DOUBLE_IEEE754'] = true;
$ZBX_SERVER_NAME      = 'scout-ntp-agent test';
$IMAGE_FORMAT_DEFAULT = IMAGE_FORMAT_PNG;
CONF
