package dev.ficus.pos;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Test double of {@link ProcessedTransactions}: the versions per key in memory, with the table's two constraints. */
final class MemoryProcessedTransactions implements ProcessedTransactions {

    final Map<String, List<Version>> versions = new LinkedHashMap<>();

    @Override
    public synchronized Version latest(String key) {
        List<Version> list = versions.get(key);
        return list == null || list.isEmpty() ? null : list.get(list.size() - 1);
    }

    @Override
    public synchronized boolean contains(String key, String contentHash) {
        return versions.getOrDefault(key, List.of()).stream().anyMatch(v -> v.contentHash().equals(contentHash));
    }

    @Override
    public synchronized boolean record(String key, Version version) {
        List<Version> list = versions.computeIfAbsent(key, k -> new ArrayList<>());
        if (list.stream().anyMatch(v -> v.version() == version.version()
                || v.contentHash().equals(version.contentHash()))) {
            return false;
        }
        list.add(version);
        return true;
    }

    /** @return whether anything was recorded under {@code key} */
    synchronized boolean contains(String key) {
        return versions.containsKey(key);
    }
}
