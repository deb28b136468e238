# aarch64-linux-gnu.mk - 64-bit ARM cameras: `make cross ARCH=arm64`, or
# `make CROSS=aarch64-linux-gnu` once the sysroot and deps exist.  See
# cross/camera.mk.
CAMERA_ARCH	:= arm64
CROSS_COMPILE	?= aarch64-linux-gnu-
QEMU		?= qemu-aarch64-static
# Debian's arm64 glibc ships rcrt1.o: static-pie keeps ASLR for a static
# binary.
CAMERA_PIE	?= yes
include cross/camera.mk
