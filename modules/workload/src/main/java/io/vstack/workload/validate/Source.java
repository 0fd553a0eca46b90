package io.vstack.workload.validate;

/**
 * Where published measurements come from.
 *
 * @param file     the file of {@code conf/validation} that lists them, without {@code .conf}: the source's short name
 * @param citation authors, title, venue or list, date
 * @param url      where to read it
 * @param kind     paper, mailing-list, commit, blog, benchmark
 */
public record Source(String file, String citation, String url, String kind) {
}
