package io.vstack.workload.vmtrace;

/**
 * One VM of a datacenter trace, in the Azure Public Dataset V2 {@code vmtable.csv} schema.
 *
 * @param line      line number in the file it came from (1-based), for error messages
 * @param created   creation time, seconds from the trace start
 * @param deleted   deletion time, seconds from the trace start
 * @param cores     cores from {@code vmcorecountbucket} ({@code >24} taken as 32)
 * @param memoryGb  memory from {@code vmmemorybucket}, GB ({@code >64} taken as 128)
 * @param avgCpu    average CPU utilization over the VM's life, percent (0..100), from {@code avgcpu}
 */
public record VmRecord(int line, String vmid, String deployment, long created, long deleted, int cores,
    int memoryGb, String category, double avgCpu) {
}
