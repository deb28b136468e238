# arm-linux-gnueabihf.mk - 32-bit ARM cameras (armv7-a, hard float):
# `make cross ARCH=armhf`, or `make CROSS=arm-linux-gnueabihf` once the
# musl prefix exists.  See cross/camera.mk.
CAMERA_ARCH	:= armhf
CROSS_COMPILE	?= arm-linux-gnueabihf-
QEMU		?= qemu-arm-static
include cross/camera.mk
