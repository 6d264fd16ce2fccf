package io.peergate.support;

import org.springframework.util.unit.DataSize;
import org.springframework.util.unit.DataUnit;

/**
 * Sizes written the way configuration takes them: {@code 512KB}, {@code 1MB},
 * {@code 100B}.
 */
public final class DataSizes {

    private DataSizes() {
    }

    /**
     * The largest unit that divides the size exactly, so the text parses back to the same
     * size.
     */
    public static String format(DataSize size) {
        long bytes = size.toBytes();
        DataUnit[] units = { DataUnit.TERABYTES, DataUnit.GIGABYTES, DataUnit.MEGABYTES, DataUnit.KILOBYTES };
        String[] suffixes = { "TB", "GB", "MB", "KB" };
        for (int i = 0; i < units.length; i++) {
            long unit = DataSize.of(1, units[i]).toBytes();
            if (bytes != 0 && bytes % unit == 0) {
                return bytes / unit + suffixes[i];
            }
        }
        return bytes + "B";
    }

}
