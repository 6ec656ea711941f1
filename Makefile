# vmspace build.  `make` builds the libraries and the tool; `make check`
# rebuilds everything under ASan+UBSan and runs every test; `make demo`
# runs the seed example.
CC      ?= cc
PREFIX  ?= /usr/local
O       ?= build
SAN_O   := build-san

WARN    := -Wall -Wextra -Werror -Wno-unused-parameter
CSTD    := -std=c11
BASE_CFLAGS := $(CSTD) $(WARN) -g -Iinclude -Isrc -Itools -Itests/support
OPT     ?= -O2
CFLAGS  ?=
SAN     := -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined

LIB_SRCS  := $(sort $(wildcard src/*.c))
OS_SRCS   := $(sort $(wildcard src/os/*.c))
TOOL_LIB_SRCS := $(filter-out tools/main.c,$(sort $(wildcard tools/*.c)))
TEST_SRCS := $(sort $(wildcard tests/test_*.c))
TEST_SUPPORT := $(sort $(wildcard tests/support/*.c))

lib_objs  = $(patsubst %.c,$(1)/%.o,$(LIB_SRCS))
pic_objs  = $(patsubst %.c,$(1)/pic/%.o,$(LIB_SRCS))
tool_objs = $(patsubst %.c,$(1)/%.o,$(OS_SRCS) $(TOOL_LIB_SRCS))
sup_objs  = $(patsubst %.c,$(1)/%.o,$(TEST_SUPPORT))

.PHONY: all lib tool check demo bench soak fuzz install clean tests format

all: $(O)/libvmspace.a $(O)/libvmspace.so $(O)/vmspace

# The library is pure C11; the OS layer and tools use POSIX/GNU.
$(O)/src/%.o: src/%.c $(wildcard include/*.h src/*.h)
	@mkdir -p $(dir $@)
	$(CC) $(BASE_CFLAGS) $(OPT) $(CFLAGS) -c $< -o $@
$(O)/pic/src/%.o: src/%.c $(wildcard include/*.h src/*.h)
	@mkdir -p $(dir $@)
	$(CC) $(BASE_CFLAGS) $(OPT) $(CFLAGS) -fPIC -fvisibility=default -c $< -o $@
$(O)/src/os/%.o: src/os/%.c $(wildcard include/*.h src/*.h src/os/*.h)
	@mkdir -p $(dir $@)
	$(CC) $(BASE_CFLAGS) -D_GNU_SOURCE $(OPT) $(CFLAGS) -c $< -o $@
$(O)/tools/%.o: tools/%.c $(wildcard include/*.h src/*.h src/os/*.h tools/*.h)
	@mkdir -p $(dir $@)
	$(CC) $(BASE_CFLAGS) -D_GNU_SOURCE $(OPT) $(CFLAGS) -c $< -o $@

$(O)/libvmspace.a: $(call lib_objs,$(O))
	@rm -f $@
	ar rcs $@ $^
$(O)/libvmspace.so: $(call pic_objs,$(O))
	$(CC) -shared -Wl,-soname,libvmspace.so.0 -o $@ $^
$(O)/libtools.a: $(call tool_objs,$(O))
	@rm -f $@
	ar rcs $@ $^
$(O)/vmspace: $(O)/tools/main.o $(O)/libtools.a $(O)/libvmspace.a
	$(CC) $(OPT) $(CFLAGS) -o $@ $^

# ---- sanitizer build and tests ----
$(SAN_O)/src/%.o: src/%.c $(wildcard include/*.h src/*.h)
	@mkdir -p $(dir $@)
	$(CC) $(BASE_CFLAGS) -O1 $(SAN) -DVMS_DEBUG=2 -c $< -o $@
$(SAN_O)/src/os/%.o: src/os/%.c $(wildcard include/*.h src/*.h src/os/*.h)
	@mkdir -p $(dir $@)
	$(CC) $(BASE_CFLAGS) -D_GNU_SOURCE -O1 $(SAN) -c $< -o $@
$(SAN_O)/tools/%.o: tools/%.c $(wildcard include/*.h src/*.h src/os/*.h tools/*.h)
	@mkdir -p $(dir $@)
	$(CC) $(BASE_CFLAGS) -D_GNU_SOURCE -O1 $(SAN) -c $< -o $@
$(SAN_O)/tests/%.o: tests/%.c $(wildcard include/*.h src/*.h tools/*.h tests/*.h tests/support/*.h)
	@mkdir -p $(dir $@)
	$(CC) $(BASE_CFLAGS) -D_GNU_SOURCE -Itests -O1 $(SAN) -c $< -o $@
$(SAN_O)/libvmspace.a: $(call lib_objs,$(SAN_O))
	@rm -f $@
	ar rcs $@ $^
$(SAN_O)/libtools.a: $(call tool_objs,$(SAN_O))
	@rm -f $@
	ar rcs $@ $^
$(SAN_O)/libsupport.a: $(call sup_objs,$(SAN_O))
	@rm -f $@
	ar rcs $@ $^
$(SAN_O)/vmspace: $(SAN_O)/tools/main.o $(SAN_O)/libtools.a $(SAN_O)/libvmspace.a
	$(CC) $(SAN) -o $@ $^
$(SAN_O)/tests/%: $(SAN_O)/tests/%.o $(SAN_O)/libsupport.a $(SAN_O)/libtools.a $(SAN_O)/libvmspace.a
	$(CC) $(SAN) -o $@ $^

TEST_BINS := $(patsubst tests/%.c,$(SAN_O)/tests/%,$(TEST_SRCS))

# The same library with the release chunks of areas (VMS_SLAB), so that
# the shared-chunk allocator runs under the sanitizers too; these tests
# link against it.
SLAB_TESTS := test_core test_scenarios test_madvise test_replay test_brk test_stack test_maps test_ops
SLAB_BINS := $(patsubst %,$(SAN_O)/slab/tests/%,$(SLAB_TESTS))
$(SAN_O)/slab/src/%.o: src/%.c $(wildcard include/*.h src/*.h)
	@mkdir -p $(dir $@)
	$(CC) $(BASE_CFLAGS) -O1 $(SAN) -DVMS_DEBUG=2 -DVMS_SLAB -c $< -o $@
$(SAN_O)/slab/libvmspace.a: $(call lib_objs,$(SAN_O)/slab)
	@rm -f $@
	ar rcs $@ $^
$(SAN_O)/slab/tests/%: $(SAN_O)/tests/%.o $(SAN_O)/libsupport.a $(SAN_O)/libtools.a $(SAN_O)/slab/libvmspace.a
	@mkdir -p $(dir $@)
	$(CC) $(SAN) -o $@ $^

# The kernel side of test_diff: a static program without libc, start files
# or sanitizers, so that its own layout is nearly empty (see child.c); it
# is linked where a PIE without ASLR is loaded, away from low hints.
# Not under tests/support/*.c: those are linked into every test.
DIFF_CHILD_SRCS := $(sort $(wildcard tests/support/diff_child/*.c))
DIFF_CHILD_CFLAGS := $(CSTD) $(WARN) -g -O2 -Itests/support -ffreestanding \
	-fno-builtin -fno-stack-protector -fno-pie -fno-asynchronous-unwind-tables
$(SAN_O)/tests/diff_child: $(DIFF_CHILD_SRCS) tests/support/diff_proto.h Makefile
	@mkdir -p $(dir $@)
	$(CC) $(DIFF_CHILD_CFLAGS) -static -nostdlib -no-pie \
		-Wl,--build-id=none -Wl,-Ttext-segment=0x555555554000 \
		-o $@ $(DIFF_CHILD_SRCS)
# order-only: built before test_diff runs, never linked into it
$(SAN_O)/tests/test_diff: | $(SAN_O)/tests/diff_child
tests: $(SAN_O)/tests/diff_child

tests: $(TEST_BINS) $(SLAB_BINS) $(SAN_O)/vmspace

check: all tests
	@VMS_SAN_DIR=$(SAN_O) bash tests/run.sh $(TEST_BINS) $(SLAB_BINS) tests/fuzz/check.sh

demo: all
	./$(O)/vmspace replay --start-stack 0x7fffffffe000 examples/seed-real-life.strace

$(O)/bench_core: bench/bench_core.c $(O)/libvmspace.a
	$(CC) $(BASE_CFLAGS) -D_GNU_SOURCE -O2 -o $@ $^

bench: all $(O)/bench_core
	@bash bench/run.sh $(O)

soak: tests
	$(SAN_O)/tests/test_diff --soak $${CALLS:-1000000}

fuzz: all
	@bash tests/fuzz/run.sh $${FUZZ_SECONDS:-600}

install: all
	install -d $(DESTDIR)$(PREFIX)/include $(DESTDIR)$(PREFIX)/lib/pkgconfig \
		$(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/share/man/man1 $(DESTDIR)$(PREFIX)/share/man/man3
	install -m 644 include/vmspace.h $(DESTDIR)$(PREFIX)/include/
	install -m 644 $(O)/libvmspace.a $(DESTDIR)$(PREFIX)/lib/
	install -m 755 $(O)/libvmspace.so $(DESTDIR)$(PREFIX)/lib/libvmspace.so.0
	ln -sf libvmspace.so.0 $(DESTDIR)$(PREFIX)/lib/libvmspace.so
	install -m 755 $(O)/vmspace $(DESTDIR)$(PREFIX)/bin/
	sed -e 's|@PREFIX@|$(PREFIX)|' vmspace.pc.in > $(DESTDIR)$(PREFIX)/lib/pkgconfig/vmspace.pc
	install -m 644 man/*.1 $(DESTDIR)$(PREFIX)/share/man/man1/
	install -m 644 man/*.3 $(DESTDIR)$(PREFIX)/share/man/man3/

format:
	clang-format -i include/*.h src/*.c src/*.h src/os/*.c tools/*.c tools/*.h tests/*.c

clean:
	rm -rf build build-san build-fuzz
