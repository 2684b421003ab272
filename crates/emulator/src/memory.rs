//! Guest memory: three backing stores for the three kinds of readable memory.
//!
//! - `rw`: one flat, lazily zeroed allocation for `STACK_ADDR..DATA_END` (stack, SYS, OUTPUT,
//!   data/heap: 512 MiB of address space). The OS maps pages only when touched, so a run costs
//!   the memory it uses, not the region sizes. SYS sits inside it but guest loads and stores
//!   there are refused (except the UART byte port).
//! - `rom`: the program ROM as loaded from the ELF (read-only); past its end reads are zero.
//! - `input`: the INPUT region (free-input slot + records); past its end reads are zero.
//!
//! Loads and stores check the region on every access; the common case (the `rw` store, no SYS
//! overlap) is three compares and an unaligned 8-byte move.

pub use zirv_core::memmap::buffer_readable;
use zirv_core::memmap::{
    DATA_END, INPUT_ADDR, INPUT_END, ROM_ADDR, ROM_END, Region, STACK_ADDR, SYS_ADDR, SYS_END,
};
use zirv_core::rom::MemInit;

/// Size of the flat read/write window.
const RW_LEN: u64 = DATA_END - STACK_ADDR;
/// SYS's offset in the window.
const SYS_OFF: u64 = SYS_ADDR - STACK_ADDR;
/// SYS's end offset in the window.
const SYS_END_OFF: u64 = SYS_END - STACK_ADDR;
/// Padding after each backing store, so an 8-byte read at any valid offset stays in bounds.
const PAD: usize = 8;

/// Mask of the low `w` bytes.
#[inline(always)]
pub fn width_mask(w: u8) -> u64 {
    if w >= 8 {
        u64::MAX
    } else {
        (1u64 << (8 * w)) - 1
    }
}

/// The guest's memory.
pub struct Memory {
    rw: Vec<u8>,
    rom: Vec<u8>,
    input: Vec<u8>,
}

/// Reads 8 bytes at `off` (unaligned). Caller guarantees `off + 8 <= buf.len()`.
#[inline(always)]
fn read8(buf: &[u8], off: usize) -> u64 {
    debug_assert!(off + 8 <= buf.len());
    // SAFETY: every caller checks `off + 8 <= buf.len()` through the region bounds and PAD.
    unsafe { std::ptr::read_unaligned(buf.as_ptr().add(off) as *const u64) }.to_le()
}

/// Reads `w` bytes at `off` of a store whose live length may end before `off + w` (zero past it).
fn read_sparse(buf: &[u8], off: u64, w: u8) -> u64 {
    let live = buf.len().saturating_sub(PAD) as u64;
    let mut v = 0u64;
    for k in 0..w as u64 {
        let o = off + k;
        if o < live {
            v |= (buf[o as usize] as u64) << (8 * k);
        }
    }
    v
}

impl Memory {
    /// Builds memory from the ROM's initial image and the raw input bytes (already framed).
    pub fn new(init: &[MemInit], input: &[u8]) -> Memory {
        let mut rw: Vec<u8> = vec![0u8; RW_LEN as usize + PAD];
        let rom_hi = init
            .iter()
            .filter(|m| Region::of(m.addr) == Region::Rom)
            .map(|m| m.addr + m.bytes.len() as u64)
            .max()
            .unwrap_or(ROM_ADDR);
        let mut rom = vec![0u8; (rom_hi - ROM_ADDR) as usize + PAD];
        for m in init {
            match Region::of(m.addr) {
                Region::Rom => {
                    let o = (m.addr - ROM_ADDR) as usize;
                    rom[o..o + m.bytes.len()].copy_from_slice(&m.bytes);
                }
                _ => {
                    let o = (m.addr - STACK_ADDR) as usize;
                    rw[o..o + m.bytes.len()].copy_from_slice(&m.bytes);
                }
            }
        }
        let mut inp = vec![0u8; 8 + input.len() + PAD];
        inp[8..8 + input.len()].copy_from_slice(input);
        Memory {
            rw,
            rom,
            input: inp,
        }
    }

    /// Loads `w` bytes at `addr`, zero-extended, if the guest may read them.
    #[inline(always)]
    pub fn load(&self, addr: u64, w: u8) -> Option<u64> {
        let off = addr.wrapping_sub(STACK_ADDR);
        let end = off.wrapping_add(w as u64 - 1);
        if end < RW_LEN && (end < SYS_OFF || off >= SYS_END_OFF) && off <= end {
            return Some(read8(&self.rw, off as usize) & width_mask(w));
        }
        self.load_slow(addr, w)
    }

    #[cold]
    #[inline(never)]
    fn load_slow(&self, addr: u64, w: u8) -> Option<u64> {
        let last = addr.checked_add(w as u64 - 1)?;
        if (ROM_ADDR..ROM_END).contains(&addr) && last < ROM_END {
            return Some(read_sparse(&self.rom, addr - ROM_ADDR, w));
        }
        if (INPUT_ADDR..INPUT_END).contains(&addr) && last < INPUT_END {
            return Some(read_sparse(&self.input, addr - INPUT_ADDR, w));
        }
        None
    }

    /// Whether the guest may write `w` bytes at `addr` (the UART port excluded).
    #[inline(always)]
    pub fn writable(addr: u64, w: u8) -> bool {
        let off = addr.wrapping_sub(STACK_ADDR);
        let end = off.wrapping_add(w as u64 - 1);
        end < RW_LEN && (end < SYS_OFF || off >= SYS_END_OFF) && off <= end
    }

    /// Stores the low `w` bytes of `v` at `addr`; the caller has checked [`Memory::writable`]
    /// (or that `addr` is the UART port or the VM's CSR file).
    #[inline(always)]
    pub fn store_unchecked(&mut self, addr: u64, w: u8, v: u64) {
        let off = (addr - STACK_ADDR) as usize;
        let bytes = v.to_le_bytes();
        self.rw[off..off + w as usize].copy_from_slice(&bytes[..w as usize]);
    }

    /// The aligned 8-byte word at `addr8` (`addr8 % 8 == 0`) in whatever store holds it, zero for
    /// unmapped addresses. Used by trace mode and the VM's own (CSR) accesses; no permission check.
    pub fn peek_word(&self, addr8: u64) -> u64 {
        let off = addr8.wrapping_sub(STACK_ADDR);
        if off < RW_LEN {
            return read8(&self.rw, off as usize);
        }
        if (ROM_ADDR..ROM_END).contains(&addr8) {
            return read_sparse(&self.rom, addr8 - ROM_ADDR, 8);
        }
        if (INPUT_ADDR..INPUT_END).contains(&addr8) {
            return read_sparse(&self.input, addr8 - INPUT_ADDR, 8);
        }
        0
    }

    /// Copies `[addr, addr + len)` out if the guest may read it as one buffer (a `write`
    /// ecall's; see [`buffer_readable`]).
    pub fn read_bytes(&self, addr: u64, len: u64) -> Option<Vec<u8>> {
        if !buffer_readable(addr, len) {
            return None;
        }
        if len == 0 {
            return Some(Vec::new());
        }
        let region = Region::of(addr);
        let (buf, base) = match region {
            Region::Rom => (&self.rom, ROM_ADDR),
            Region::Input => (&self.input, INPUT_ADDR),
            _ => (&self.rw, STACK_ADDR),
        };
        let live = (buf.len() - PAD) as u64;
        let (s, e) = (addr - base, addr - base + len);
        let mut out = vec![0u8; len as usize];
        if s < live {
            let e2 = e.min(live);
            out[..(e2 - s) as usize].copy_from_slice(&buf[s as usize..e2 as usize]);
        }
        Some(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use zirv_core::memmap::{OUTPUT_ADDR, UART_ADDR};

    fn mem() -> Memory {
        Memory::new(
            &[
                MemInit {
                    addr: ROM_ADDR,
                    bytes: vec![1, 2, 3, 4],
                },
                MemInit {
                    addr: 0xA043_0000,
                    bytes: vec![9; 16],
                },
            ],
            &[7, 0, 0, 0, 0, 0, 0, 0],
        )
    }

    #[test]
    fn loads_from_each_readable_region() {
        let m = mem();
        assert_eq!(m.load(ROM_ADDR, 4), Some(0x0403_0201));
        assert_eq!(
            m.load(ROM_ADDR + 2, 8),
            Some(0x0403),
            "past the ROM image reads zero"
        );
        assert_eq!(m.load(INPUT_ADDR, 8), Some(0), "free-input slot");
        assert_eq!(m.load(INPUT_ADDR + 8, 1), Some(7));
        assert_eq!(m.load(0x8FFF_FFF8, 8), Some(0));
        assert_eq!(
            m.load(0xA043_000F, 2),
            Some(9),
            "misaligned, half in the image"
        );
        assert_eq!(m.load(OUTPUT_ADDR, 8), Some(0));
        assert_eq!(m.load(0xBFFF_FFF8, 8), Some(0));
    }

    #[test]
    fn refuses_unreadable_addresses() {
        let m = mem();
        for (a, w) in [
            (0u64, 1u8),
            (0x1000, 4),
            (0x9800_0000, 8),
            (0x97FF_FFFC, 8),
            (SYS_ADDR, 8),
            (UART_ADDR, 1),
            (SYS_ADDR - 4, 8),
            (SYS_END - 4, 8),
            (0xBFFF_FFFC, 8),
            (0xC000_0000, 1),
            (u64::MAX, 1),
            (u64::MAX - 3, 8),
        ] {
            assert_eq!(m.load(a, w), None, "{a:#x}/{w}");
        }
    }

    #[test]
    fn writability_follows_the_map() {
        assert!(Memory::writable(STACK_ADDR, 8));
        assert!(Memory::writable(SYS_ADDR - 8, 8));
        assert!(!Memory::writable(SYS_ADDR - 4, 8));
        assert!(!Memory::writable(UART_ADDR, 1));
        assert!(Memory::writable(OUTPUT_ADDR, 4));
        assert!(Memory::writable(0xBFFF_FFF8, 8));
        assert!(!Memory::writable(0xBFFF_FFF9, 8));
        assert!(!Memory::writable(ROM_ADDR, 1));
        assert!(!Memory::writable(INPUT_ADDR + 8, 1));
        assert!(!Memory::writable(u64::MAX, 8));
    }

    /// A write buffer is readable exactly when one load could read each of its 8-byte windows
    /// and they all lie in one of the load ranges (INPUT, ROM, stack, OUTPUT + data).
    #[test]
    fn write_buffers_follow_the_load_ranges() {
        let m = mem();
        assert_eq!(m.read_bytes(ROM_ADDR, 3), Some(vec![1, 2, 3]));
        assert_eq!(m.read_bytes(0xA042_FFFE, 4), Some(vec![0, 0, 9, 9]));
        assert_eq!(m.read_bytes(0x1234, 0), Some(vec![]), "empty: anywhere");
        assert_eq!(m.read_bytes(u64::MAX, 0), Some(vec![]));
        for (a, len, ok) in [
            (INPUT_ADDR, 8, true),
            (INPUT_END - 4, 4, true),
            (INPUT_END - 4, 5, false),
            (ROM_END - 1, 2, false),
            (STACK_ADDR, SYS_ADDR - STACK_ADDR, true),
            (STACK_ADDR, SYS_ADDR - STACK_ADDR + 1, false),
            (SYS_ADDR - 8, 0x2_0000, false),
            (OUTPUT_ADDR, DATA_END - OUTPUT_ADDR, true),
            (OUTPUT_ADDR - 1, 2, false),
            (DATA_END - 1, 2, false),
            (0x1000, 4, false),
            (u64::MAX - 3, 8, false),
        ] {
            assert_eq!(buffer_readable(a, len), ok, "{a:#x}+{len:#x}");
            if len > 0x10_0000 {
                continue;
            }
            // Loads of its 8-byte windows agree (where it lies in one load range).
            let loads = (0..len.div_ceil(8)).all(|k| {
                let at = a.wrapping_add(8 * k);
                m.load(at, (len - 8 * k).min(8) as u8).is_some()
            });
            let ranges = |x: u64| match Region::of(x) {
                Region::Data => Region::Output,
                r => r,
            };
            let one_range = a
                .checked_add(len - 1)
                .is_some_and(|e| ranges(a) == ranges(e));
            assert_eq!(ok, loads && one_range, "{a:#x}+{len:#x}");
        }
    }

    #[test]
    fn stores_then_loads_round_trip_misaligned() {
        let mut m = mem();
        m.store_unchecked(0xA043_0103, 8, 0x1122_3344_5566_7788);
        assert_eq!(m.load(0xA043_0103, 8), Some(0x1122_3344_5566_7788));
        assert_eq!(m.peek_word(0xA043_0100), 0x4455_6677_8800_0000);
        assert_eq!(m.peek_word(0xA043_0108), 0x0000_0000_0011_2233);
    }
}
