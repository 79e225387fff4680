package io.watchkeeper.ingest.host;

import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;
import oshi.SystemInfo;
import oshi.hardware.CentralProcessor;
import oshi.hardware.GlobalMemory;
import oshi.hardware.HWDiskStore;
import oshi.hardware.HardwareAbstractionLayer;
import oshi.hardware.NetworkIF;
import oshi.software.os.OSFileStore;
import oshi.software.os.OperatingSystem;

/**
 * The host's CPU, memory, filesystem, disk, network and load figures, read through OSHI and named
 * as node_exporter names them ({@code node_cpu_seconds_total{cpu,mode}}, {@code
 * node_memory_MemAvailable_bytes}, {@code node_filesystem_avail_bytes{device,fstype,mountpoint}},
 * ...), so dashboards and rules written for node_exporter work unchanged. Registered in a registry
 * that the server exposes on {@code /metrics/host} and scrapes as job {@code host}.
 *
 * <p>Thread-safe: collections are serialised by a lock (OSHI's hardware objects are stateful).
 */
public final class HostMetrics implements MultiCollector {
  /** Pseudo filesystems node_exporter leaves out by default. */
  private static final Set<String> IGNORED_FS_TYPES = Set.of(
      "autofs", "binfmt_misc", "bpf", "cgroup", "cgroup2", "configfs", "debugfs", "devpts", "devtmpfs", "fusectl",
      "hugetlbfs", "iso9660", "mqueue", "nsfs", "overlay", "proc", "procfs", "pstore", "rpc_pipefs", "securityfs",
      "selinuxfs", "squashfs", "sysfs", "tracefs", "tmpfs", "nfsd", "ramfs", "efivarfs");

  private static final String[] CPU_MODES = {"user", "nice", "system", "idle", "iowait", "irq", "softirq", "steal"};

  private final HardwareAbstractionLayer hardware;
  private final OperatingSystem os;
  private final InstantSource clock;
  private final ReentrantLock lock = new ReentrantLock();

  /** Reads the local machine. Creating OSHI's view takes some milliseconds; do it once. */
  public HostMetrics(InstantSource clock) {
    this.clock = clock;
    SystemInfo si = new SystemInfo();
    this.hardware = si.getHardware();
    this.os = si.getOperatingSystem();
  }

  @Override
  public MetricSnapshots collect() {
    lock.lock();
    try {
      List<MetricSnapshot> out = new ArrayList<>();
      cpu(out);
      memory(out);
      filesystems(out);
      disks(out);
      network(out);
      out.add(gauge("node_boot_time_seconds", "Node boot time, in unixtime.", Labels.EMPTY, os.getSystemBootTime()));
      out.add(gauge("node_time_seconds", "System time in seconds since epoch (1970).", Labels.EMPTY,
          clock.millis() / 1000.0));
      return new MetricSnapshots(out);
    } finally {
      lock.unlock();
    }
  }

  private void cpu(List<MetricSnapshot> out) {
    CentralProcessor cpu = hardware.getProcessor();
    long[][] ticks = cpu.getProcessorCpuLoadTicks();
    CounterSnapshot.Builder seconds = CounterSnapshot.builder().name("node_cpu_seconds")
        .help("Seconds the CPUs spent in each mode.");
    for (int p = 0; p < ticks.length; p++) {
      for (int m = 0; m < CPU_MODES.length && m < ticks[p].length; m++) {
        seconds.dataPoint(CounterSnapshot.CounterDataPointSnapshot.builder()
            .labels(Labels.of("cpu", Integer.toString(p), "mode", CPU_MODES[m]))
            .value(ticks[p][m] / 1000.0) // OSHI reports ticks in milliseconds
            .build());
      }
    }
    out.add(seconds.build());
    double[] load = cpu.getSystemLoadAverage(3);
    out.add(gauge("node_load1", "1m load average.", Labels.EMPTY, load[0]));
    out.add(gauge("node_load5", "5m load average.", Labels.EMPTY, load[1]));
    out.add(gauge("node_load15", "15m load average.", Labels.EMPTY, load[2]));
    out.add(counter("node_context_switches", "Total number of context switches.", Labels.EMPTY,
        cpu.getContextSwitches()));
    out.add(counter("node_intr", "Total number of interrupts serviced.", Labels.EMPTY, cpu.getInterrupts()));
  }

  private void memory(List<MetricSnapshot> out) {
    GlobalMemory mem = hardware.getMemory();
    out.add(gauge("node_memory_MemTotal_bytes", "Memory information field MemTotal_bytes.", Labels.EMPTY,
        mem.getTotal()));
    out.add(gauge("node_memory_MemAvailable_bytes", "Memory information field MemAvailable_bytes.", Labels.EMPTY,
        mem.getAvailable()));
    long swapTotal = mem.getVirtualMemory().getSwapTotal();
    out.add(gauge("node_memory_SwapTotal_bytes", "Memory information field SwapTotal_bytes.", Labels.EMPTY,
        swapTotal));
    out.add(gauge("node_memory_SwapFree_bytes", "Memory information field SwapFree_bytes.", Labels.EMPTY,
        swapTotal - mem.getVirtualMemory().getSwapUsed()));
  }

  private void filesystems(List<MetricSnapshot> out) {
    GaugeSnapshot.Builder size = GaugeSnapshot.builder().name("node_filesystem_size_bytes")
        .help("Filesystem size in bytes.");
    GaugeSnapshot.Builder avail = GaugeSnapshot.builder().name("node_filesystem_avail_bytes")
        .help("Filesystem space available to non-root users in bytes.");
    GaugeSnapshot.Builder free = GaugeSnapshot.builder().name("node_filesystem_free_bytes")
        .help("Filesystem free space in bytes.");
    Set<String> seen = new HashSet<>();
    for (OSFileStore fs : os.getFileSystem().getFileStores(true)) {
      if (IGNORED_FS_TYPES.contains(fs.getType()) || !seen.add(fs.getMount())) {
        continue;
      }
      Labels l = Labels.of("device", fs.getVolume(), "fstype", fs.getType(), "mountpoint", fs.getMount());
      size.dataPoint(GaugeSnapshot.GaugeDataPointSnapshot.builder().labels(l).value(fs.getTotalSpace()).build());
      avail.dataPoint(GaugeSnapshot.GaugeDataPointSnapshot.builder().labels(l).value(fs.getUsableSpace()).build());
      free.dataPoint(GaugeSnapshot.GaugeDataPointSnapshot.builder().labels(l).value(fs.getFreeSpace()).build());
    }
    out.add(size.build());
    out.add(avail.build());
    out.add(free.build());
  }

  private void disks(List<MetricSnapshot> out) {
    CounterSnapshot.Builder read = CounterSnapshot.builder().name("node_disk_read_bytes")
        .help("The total number of bytes read successfully.");
    CounterSnapshot.Builder written = CounterSnapshot.builder().name("node_disk_written_bytes")
        .help("The total number of bytes written successfully.");
    CounterSnapshot.Builder reads = CounterSnapshot.builder().name("node_disk_reads_completed")
        .help("The total number of reads completed successfully.");
    CounterSnapshot.Builder writes = CounterSnapshot.builder().name("node_disk_writes_completed")
        .help("The total number of writes completed successfully.");
    CounterSnapshot.Builder ioTime = CounterSnapshot.builder().name("node_disk_io_time_seconds")
        .help("Total seconds spent doing I/Os.");
    for (HWDiskStore disk : hardware.getDiskStores()) {
      disk.updateAttributes();
      Labels l = Labels.of("device", disk.getName().replaceFirst("^/dev/", ""));
      read.dataPoint(point(l, disk.getReadBytes()));
      written.dataPoint(point(l, disk.getWriteBytes()));
      reads.dataPoint(point(l, disk.getReads()));
      writes.dataPoint(point(l, disk.getWrites()));
      ioTime.dataPoint(point(l, disk.getTransferTime() / 1000.0));
    }
    out.add(read.build());
    out.add(written.build());
    out.add(reads.build());
    out.add(writes.build());
    out.add(ioTime.build());
  }

  private void network(List<MetricSnapshot> out) {
    CounterSnapshot.Builder rx = CounterSnapshot.builder().name("node_network_receive_bytes")
        .help("Network device statistic receive_bytes.");
    CounterSnapshot.Builder tx = CounterSnapshot.builder().name("node_network_transmit_bytes")
        .help("Network device statistic transmit_bytes.");
    CounterSnapshot.Builder rxp = CounterSnapshot.builder().name("node_network_receive_packets")
        .help("Network device statistic receive_packets.");
    CounterSnapshot.Builder txp = CounterSnapshot.builder().name("node_network_transmit_packets")
        .help("Network device statistic transmit_packets.");
    CounterSnapshot.Builder rxe = CounterSnapshot.builder().name("node_network_receive_errs")
        .help("Network device statistic receive_errs.");
    CounterSnapshot.Builder txe = CounterSnapshot.builder().name("node_network_transmit_errs")
        .help("Network device statistic transmit_errs.");
    for (NetworkIF nif : hardware.getNetworkIFs(true)) {
      nif.updateAttributes();
      Labels l = Labels.of("device", nif.getName());
      rx.dataPoint(point(l, nif.getBytesRecv()));
      tx.dataPoint(point(l, nif.getBytesSent()));
      rxp.dataPoint(point(l, nif.getPacketsRecv()));
      txp.dataPoint(point(l, nif.getPacketsSent()));
      rxe.dataPoint(point(l, nif.getInErrors()));
      txe.dataPoint(point(l, nif.getOutErrors()));
    }
    out.add(rx.build());
    out.add(tx.build());
    out.add(rxp.build());
    out.add(txp.build());
    out.add(rxe.build());
    out.add(txe.build());
  }

  private static CounterSnapshot.CounterDataPointSnapshot point(Labels labels, double value) {
    return CounterSnapshot.CounterDataPointSnapshot.builder().labels(labels).value(Math.max(0, value)).build();
  }

  private static GaugeSnapshot gauge(String name, String help, Labels labels, double value) {
    return GaugeSnapshot.builder().name(name).help(help)
        .dataPoint(GaugeSnapshot.GaugeDataPointSnapshot.builder().labels(labels).value(value).build()).build();
  }

  private static CounterSnapshot counter(String name, String help, Labels labels, double value) {
    return CounterSnapshot.builder().name(name).help(help).dataPoint(point(labels, value)).build();
  }
}
