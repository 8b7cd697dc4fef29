/* SPDX-License-Identifier: BSD-2-Clause */
#ifdef HAVE_CONFIG_H
#	include "config.h"
#endif

#include <errno.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "message.h"

int
message_fail(char **reterr_msg, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vasprintf(reterr_msg, fmt, ap);
	va_end(ap);
	if (n < 0) {
		*reterr_msg = NULL;
		return -ENOMEM;
	}
	return -EINVAL;
}

/*
 * Writes the len bytes at s into buf in double quotes for a message, with bytes
 * other than printable ASCII as \xNN and "..." when they do not fit. Returns buf.
 */
const char *
message_quote_n(char buf[static MESSAGE_QUOTE_SIZE], const char *s, size_t len)
{
	static const char hex[] = "0123456789abcdef";
	size_t n = 0;

	buf[n++] = '"';
	for (size_t i = 0; i < len; i++) {
		unsigned char ch = (unsigned char)s[i];
		bool plain = ch >= 0x20 && ch < 0x7f && ch != '"' && ch != '\\';

		/* keep room for this byte, and for `..."` and the NUL */
		if (n + (plain ? 1 : 4) + 5 > MESSAGE_QUOTE_SIZE) {
			memcpy(buf + n, "...", 3);
			n += 3;
			break;
		}
		if (plain) {
			buf[n++] = (char)ch;
		} else {
			buf[n++] = '\\';
			buf[n++] = 'x';
			buf[n++] = hex[ch >> 4];
			buf[n++] = hex[ch & 0xf];
		}
	}
	buf[n++] = '"';
	buf[n] = '\0';
	return buf;
}

const char *
message_quote(char buf[static MESSAGE_QUOTE_SIZE], const char *s)
{
	return message_quote_n(buf, s, strlen(s));
}
