# arm-linux-gnueabihf.mk - 32-bit ARM cameras (armv7-a, hard float):
# `make cross ARCH=armhf`, or `make CROSS=arm-linux-gnueabihf` once the
# sysroot and deps exist.  See cross/camera.mk.
CAMERA_ARCH	:= armhf
CROSS_COMPILE	?= arm-linux-gnueabihf-
QEMU		?= qemu-arm-static
# Debian's armhf glibc has no rcrt1.o (it is not built with static-pie):
# plain -static, a fixed load address.
CAMERA_PIE	?= no
include cross/camera.mk
