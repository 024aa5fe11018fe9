//! What `/proc` says of the server: CPU time, memory, descriptors, threads.

/// What `/proc` says of a process at one moment.
#[derive(Clone, Copy, Debug, Default)]
pub(super) struct ProcSample {
    /// User + system CPU time, in seconds.
    pub(super) cpu: f64,
    pub(super) rss_kib: u64,
    /// The anonymous part of the resident set: the heap and stacks, without the pages of
    /// the binary's code and data that have been read in.
    pub(super) anon_kib: u64,
    pub(super) hwm_kib: u64,
    pub(super) threads: u64,
}

pub(super) fn proc_sample(pid: &str) -> ProcSample {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).unwrap_or_default();
    // The fields after the command's name (which may hold spaces) in parentheses.
    let after = stat.rsplit_once(')').map_or("", |(_, rest)| rest);
    let fields: Vec<&str> = after.split_whitespace().collect();
    let ticks = |i: usize| fields.get(i).and_then(|f| f.parse::<u64>().ok());
    // utime and stime: fields 14 and 15 of stat, 11 and 12 after the name.
    // SAFETY: sysconf has no preconditions.
    let per_second = unsafe { libc::sysconf(libc::_SC_CLK_TCK) }.max(1) as f64;
    let cpu = (ticks(11).unwrap_or(0) + ticks(12).unwrap_or(0)) as f64 / per_second;
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap_or_default();
    let field = |name: &str| {
        status
            .lines()
            .find_map(|l| l.strip_prefix(name))
            .and_then(|v| v.split_whitespace().next())
            .and_then(|v| v.parse::<u64>().ok())
            .unwrap_or(0)
    };
    ProcSample {
        cpu,
        rss_kib: field("VmRSS:"),
        anon_kib: field("RssAnon:"),
        hwm_kib: field("VmHWM:"),
        threads: field("Threads:"),
    }
}

/// Descriptors a process has open (its connections among them).
pub(super) fn descriptors(pid: &str) -> usize {
    std::fs::read_dir(format!("/proc/{pid}/fd")).map_or(0, Iterator::count)
}

/// The machine's CPU time so far, in seconds of a core: busy (user, nice, system, irq,
/// softirq) and stolen by the hypervisor.
pub(super) fn machine_cpu() -> (f64, f64) {
    let stat = std::fs::read_to_string("/proc/stat").unwrap_or_default();
    let fields: Vec<u64> = stat
        .lines()
        .next()
        .unwrap_or_default()
        .split_whitespace()
        .skip(1)
        .filter_map(|f| f.parse().ok())
        .collect();
    let at = |i: usize| fields.get(i).copied().unwrap_or(0);
    // SAFETY: sysconf has no preconditions.
    let per_second = unsafe { libc::sysconf(libc::_SC_CLK_TCK) }.max(1) as f64;
    let busy = at(0) + at(1) + at(2) + at(5) + at(6);
    (busy as f64 / per_second, at(7) as f64 / per_second)
}

/// CPU seconds of a process's threads, added up by thread name.
pub(super) fn thread_cpu(pid: &str) -> String {
    let mut by_name: std::collections::BTreeMap<String, f64> = std::collections::BTreeMap::new();
    let tasks = std::fs::read_dir(format!("/proc/{pid}/task"))
        .into_iter()
        .flatten();
    for task in tasks.flatten() {
        let tid = task.file_name().to_string_lossy().into_owned();
        let name = std::fs::read_to_string(format!("/proc/{pid}/task/{tid}/comm"))
            .unwrap_or_default()
            .trim()
            .to_owned();
        let cpu = proc_sample(&format!("{pid}/task/{tid}")).cpu;
        *by_name.entry(name).or_default() += cpu;
    }
    by_name
        .iter()
        .map(|(name, cpu)| format!("{name} {cpu:.1} s"))
        .collect::<Vec<_>>()
        .join(", ")
}
