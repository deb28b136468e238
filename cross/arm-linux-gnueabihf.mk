# arm-linux-gnueabihf.mk - 32-bit ARM cameras (armv7-a, hard float):
# `make cross ARCH=armhf`, or `make CROSS=arm-linux-gnueabihf` once the
# sysroot and deps exist.  See cross/camera.mk.
CAMERA_ARCH	:= armhf
CROSS_COMPILE	?= arm-linux-gnueabihf-
QEMU		?= qemu-arm-static
# Debian's armhf glibc has no rcrt1.o (it is not built with static-pie):
# plain -static, a fixed load address.
CAMERA_PIE	?= no
# 64-bit time_t (glibc 2.34+): with bookworm's 32-bit default the clock,
# report times and block ends wrap in January 2038, within a camera's life.
# Debian's armhf libmbed*.a keep a 32-bit time_t (no struct the agent sees
# holds one), so mbedTLS's own certificate-date checks still end in 2038
# until those libraries are rebuilt (Debian's t64 armhf packages).
CAMERA_CPPFLAGS	?= -D_TIME_BITS=64 -D_FILE_OFFSET_BITS=64
include cross/camera.mk
