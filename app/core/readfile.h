/*
 * readfile.h - read a whole file into a caller buffer, bounded.
 */
#ifndef CAMGUARD_READFILE_H
#define CAMGUARD_READFILE_H

#include <stddef.h>
#include <stdio.h>

/*
 * Read path into buf (max bytes; buf has room for max + 1 and is
 * NUL-terminated).  A larger file is an error "path:1:1: file is larger
 * than max bytes"; I/O errors are "path: strerror".  Messages go to errf.
 */
int	readfile(const char *path, char *buf, size_t max, size_t *len,
	    FILE *errf);

#endif
