//! A cache entry's part as read from disk: bytes in pages of their own, given back to the
//! system the moment the part is dropped.
//!
//! Why not a `Vec`: a warm reopen reads ~50 MB of parts and decodes each on a thread of its
//! own, freeing it once decoded. The allocator keeps memory freed on one thread for a while
//! (mimalloc purges it after a delay, and another thread's allocations do not reuse it), so
//! the decoded brief was laid on top of the parts rather than in their place: 234 MB
//! resident after the decode instead of ~150 MB. An anonymous mapping is unmapped on drop,
//! and the decode's own allocations come from the allocator as before.

use std::ops::{Deref, DerefMut};

/// Buffers this large are asked to be mapped in huge pages.
const HUGE_FROM: usize = 4 << 20;

/// Zeroed bytes in an anonymous mapping of their own.
pub struct Buffer {
    ptr: *mut u8,
    len: usize,
}

// SAFETY: the mapping is owned by the `Buffer` alone (no other pointer to it is kept), so
// moving it to another thread, or sharing `&Buffer` (read-only bytes), is as sound as for
// a `Vec<u8>`.
unsafe impl Send for Buffer {}
// SAFETY: see `Send`: `&Buffer` gives only `&[u8]`.
unsafe impl Sync for Buffer {}

impl Buffer {
    /// `len` zeroed bytes; `None` when the system has no room for them.
    pub fn zeroed(len: usize) -> Option<Buffer> {
        if len == 0 {
            return Some(Buffer {
                ptr: std::ptr::NonNull::dangling().as_ptr(),
                len: 0,
            });
        }
        // SAFETY: a fresh private anonymous mapping, at an address the kernel chooses; no
        // memory of ours is named. Its pages read as zero until written.
        let ptr = unsafe {
            libc::mmap(
                std::ptr::null_mut(),
                len,
                libc::PROT_READ | libc::PROT_WRITE,
                libc::MAP_PRIVATE | libc::MAP_ANONYMOUS,
                -1,
                0,
            )
        };
        if ptr == libc::MAP_FAILED {
            return None;
        }
        if len >= HUGE_FROM {
            // Filled once, read once: in 2 MiB pages (where the system has them) that is a
            // few hundred faults for a 50 MB entry instead of ten thousand. Only advice: a
            // system without them maps small pages.
            // SAFETY: advice on the mapping just made, of its own length.
            unsafe {
                libc::madvise(ptr, len, libc::MADV_HUGEPAGE);
            }
        }
        Some(Buffer {
            ptr: ptr.cast(),
            len,
        })
    }
}

impl Deref for Buffer {
    type Target = [u8];

    fn deref(&self) -> &[u8] {
        // SAFETY: `ptr` is a live mapping of `len` readable bytes (or dangling with `len`
        // 0), initialised (zeroed by the kernel), owned by `self` for the borrow's life.
        unsafe { std::slice::from_raw_parts(self.ptr, self.len) }
    }
}

impl DerefMut for Buffer {
    fn deref_mut(&mut self) -> &mut [u8] {
        // SAFETY: as in `deref`, and the mapping is writable and borrowed mutably once.
        unsafe { std::slice::from_raw_parts_mut(self.ptr, self.len) }
    }
}

impl Drop for Buffer {
    fn drop(&mut self) {
        if self.len > 0 {
            // SAFETY: the mapping `zeroed` made, unmapped once, never used after.
            unsafe {
                libc::munmap(self.ptr.cast(), self.len);
            }
        }
    }
}

impl std::fmt::Debug for Buffer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Buffer({} bytes)", self.len)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_buffer_is_zeroed_writable_and_sized() {
        for len in [0, 1, 4095, 4096, 1 << 20] {
            let mut b = Buffer::zeroed(len).unwrap();
            assert_eq!(b.len(), len);
            assert!(b.iter().all(|&x| x == 0));
            if len > 0 {
                b[len - 1] = 7;
                assert_eq!(b[len - 1], 7);
            }
        }
    }

    #[test]
    fn a_buffer_crosses_threads() {
        let mut b = Buffer::zeroed(100).unwrap();
        b[0] = 1;
        let sum = std::thread::spawn(move || b.iter().map(|&x| u32::from(x)).sum::<u32>());
        assert_eq!(sum.join().unwrap(), 1);
    }
}
