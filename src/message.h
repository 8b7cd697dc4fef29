/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Error messages of the configuration and address parsers: a malloc'd
 * message returned through char **reterr_msg, and values quoted safely
 * (non-printable bytes as \xNN, long ones cut) so that a bad line never
 * puts junk on the terminal.
 */
#ifndef SCOUT_MESSAGE_H
#define SCOUT_MESSAGE_H

#include <stddef.h>

/* A quoted value with its quotes and NUL fits in this. */
#define MESSAGE_QUOTE_SIZE 80

/* Sets *reterr_msg to a new message and returns -EINVAL, or -ENOMEM with
 * *reterr_msg NULL. */
int message_fail(char **reterr_msg, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* The len bytes at s in double quotes, into buf; returns buf. */
const char *message_quote_n(
    char buf[static MESSAGE_QUOTE_SIZE], const char *s, size_t len);
/* The same for a whole string. */
const char *message_quote(char buf[static MESSAGE_QUOTE_SIZE], const char *s);

#endif
