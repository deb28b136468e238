/*
 * readfile.h - open files without hanging, and read a whole file into a
 * caller buffer, bounded.
 *
 * Every file camguard opens by name goes through readfile_open(): the
 * open itself never blocks (O_NONBLOCK, so a FIFO or a device in place of
 * a configuration file, a password file or a log cannot hang it) and
 * anything but a regular file is refused before a byte is read.
 *
 * In the worker of a privileged parent an opener is installed: the files
 * the parent opens for it (camguard.json, the camera's password file and
 * configuration file, the IDS logs) come back as descriptors over the
 * privilege-separation socket; the opener decides which paths those are.
 */
#ifndef CAMGUARD_READFILE_H
#define CAMGUARD_READFILE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <sys/types.h>

/* errno of a file that is not a regular one (Linux never opens with it). */
#define READFILE_ENOTREG	EMEDIUMTYPE

/*
 * Open path with flags (O_RDONLY, or O_WRONLY | O_APPEND | O_CREAT ...)
 * plus O_NONBLOCK | O_CLOEXEC | O_NOCTTY, then refuse what is not a
 * regular file (errno READFILE_ENOTREG).  Returns the descriptor or -1
 * with errno set.  Regular files ignore O_NONBLOCK, so it is left on.
 */
int	readfile_open(const char *path, int flags, mode_t mode);
/* A descriptor received from elsewhere: -1 (errno) unless regular. */
int	readfile_check_fd(int fd);
/* strerror(), with "not a regular file" for READFILE_ENOTREG. */
const char *readfile_strerror(int errnum);

/*
 * Read path into buf (max bytes; buf has room for max + 1 and is
 * NUL-terminated).  A larger file is an error "path:1:1: file is larger
 * than max bytes"; I/O errors are "path: strerror".  Messages go to errf.
 * The file is opened by the installed opener, else readfile_open().
 */
int	readfile(const char *path, char *buf, size_t max, size_t *len,
	    FILE *errf);
/*
 * Read path whole into a fresh buffer (malloc, max + 1 bytes, the
 * content NUL-terminated): for files a library parses from memory (PEM
 * certificates and keys).  Free with readfile_free(), which wipes it.
 */
int	readfile_alloc(const char *path, size_t max, unsigned char **buf,
	    size_t *len, FILE *errf);
void	readfile_free(unsigned char *buf, size_t max);
/* The same from an open descriptor (left open); name is for messages. */
int	readfile_fd(int fd, const char *name, char *buf, size_t max,
	    size_t *len, FILE *errf);

/*
 * Who opens files for reading by name: fn returns a descriptor or -1
 * with errno set.  NULL restores readfile_open(path, O_RDONLY, 0).
 */
typedef int (*readfile_opener_fn)(const char *path, void *arg);
void	readfile_set_opener(readfile_opener_fn fn, void *arg);
/* Open path for reading through the installed opener. */
int	readfile_open_ro(const char *path);
/* Is an opener installed (files may be where this process cannot look)? */
bool	readfile_has_opener(void);

#endif
