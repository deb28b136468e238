# aarch64-linux-gnu.mk - 64-bit ARM cameras: `make cross ARCH=arm64`, or
# `make CROSS=aarch64-linux-gnu` once the musl prefix exists.  See
# cross/camera.mk.
CAMERA_ARCH	:= arm64
CROSS_COMPILE	?= aarch64-linux-gnu-
QEMU		?= qemu-aarch64-static
include cross/camera.mk
