# x86_64-linux-gnu.mk - the host's CPU with musl, as the cameras are
# built: `make cross ARCH=amd64` (build/amd64/camguard).  Not a camera
# target: `make bench` (tests/bench/musl.sh) compares its `ids scan` with
# the glibc build's on the same machine.  See cross/camera.mk.
CAMERA_ARCH	:= amd64
CROSS_COMPILE	?= x86_64-linux-gnu-
QEMU		?=
include cross/camera.mk
