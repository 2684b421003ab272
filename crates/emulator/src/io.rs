//! Where the guest's stdout and stderr go.

use std::io::Write;

/// Receives the guest's output (write ecalls and UART bytes).
pub trait GuestIo {
    /// `bytes` written to descriptor `fd` (1 = stdout, 2 = stderr).
    fn write(&mut self, fd: u64, bytes: &[u8]);
}

/// Keeps the output in memory.
#[derive(Default, Debug, Clone)]
pub struct CaptureIo {
    /// Everything written to stdout.
    pub stdout: Vec<u8>,
    /// Everything written to stderr.
    pub stderr: Vec<u8>,
}

impl GuestIo for CaptureIo {
    fn write(&mut self, fd: u64, bytes: &[u8]) {
        if fd == 2 {
            &mut self.stderr
        } else {
            &mut self.stdout
        }
        .extend_from_slice(bytes);
    }
}

/// Discards the output.
pub struct NullIo;

impl GuestIo for NullIo {
    fn write(&mut self, _fd: u64, _bytes: &[u8]) {}
}

/// Forwards the output to this process's stdout and stderr (buffered; flushed on drop and
/// before anything goes to stderr, so the two streams keep their order).
pub struct StdIo {
    out: std::io::BufWriter<std::io::Stdout>,
}

impl Default for StdIo {
    fn default() -> Self {
        StdIo {
            out: std::io::BufWriter::with_capacity(1 << 16, std::io::stdout()),
        }
    }
}

impl StdIo {
    /// Flushes buffered stdout.
    pub fn flush(&mut self) {
        let _ = self.out.flush();
    }
}

impl GuestIo for StdIo {
    fn write(&mut self, fd: u64, bytes: &[u8]) {
        if fd == 2 {
            self.flush();
            let _ = std::io::stderr().write_all(bytes);
        } else {
            let _ = self.out.write_all(bytes);
        }
    }
}

impl Drop for StdIo {
    fn drop(&mut self) {
        self.flush();
    }
}
