# aarch64-linux-gnu.mk - 64-bit ARM cameras: `make cross ARCH=arm64`, or
# `make CROSS=aarch64-linux-gnu` once the musl prefix exists.  See
# cross/camera.mk.
CAMERA_ARCH	:= arm64
CROSS_COMPILE	?= aarch64-linux-gnu-
QEMU		?= qemu-aarch64-static
# ld aligns arm64 segments for 64 KB pages, and the end of RELRO with them:
# 24 KB of zeros in the file.  Camera SoC kernels use 4 KB pages; for a
# 16 KB or 64 KB page kernel, build with CAMERA_PAGE_SIZE=65536 (a 4 KB
# kernel runs either).  armhf is 4 KB already.
CAMERA_PAGE_SIZE ?= 4096
include cross/camera.mk
