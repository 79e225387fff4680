package io.watchkeeper.storage.tsdb;

import io.watchkeeper.model.Labels;
import io.watchkeeper.model.Matcher;
import io.watchkeeper.storage.Querier;
import io.watchkeeper.storage.SelectHints;
import io.watchkeeper.storage.Series;
import io.watchkeeper.storage.SeriesSet;
import io.watchkeeper.storage.tsdb.index.IndexReader;
import io.watchkeeper.storage.tsdb.index.PostingsForMatchers;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;

/**
 * Reads the blocks and the head that overlap a time range as one: each source selects by its own
 * index, and when several do, their label-sorted results are merged ({@link MergeSeriesSet}). The
 * head's series are sorted only when that is needed (more than one source, or the caller asked),
 * which keeps the common query of recent data (head only) free of the sort. Holds references on its
 * blocks until {@link #close()}. Not thread-safe.
 */
final class TsdbQuerier implements Querier {
  private final List<Block> blocks;
  private final @Nullable HeadReader head;
  private final long mint;
  private final long maxt;
  private boolean closed;

  TsdbQuerier(List<Block> blocks, @Nullable HeadReader head, long mint, long maxt) {
    this.blocks = blocks;
    this.head = head;
    this.mint = mint;
    this.maxt = maxt;
  }

  private int sources() {
    return blocks.size() + (head != null ? 1 : 0);
  }

  @Override
  public SeriesSet select(boolean sorted, SelectHints hints, List<Matcher> matchers) {
    checkOpen();
    boolean sort = sorted || sources() > 1;
    List<SeriesSet> sets = new ArrayList<>(sources());
    for (Block b : blocks) {
      int[] ids = PostingsForMatchers.select(b.index(), matchers);
      if (ids.length > 0) {
        sets.add(new BlockSeriesSet(b, ids, mint, maxt));
      }
    }
    HeadReader h = head;
    if (h != null) {
      int[] ids = PostingsForMatchers.select(h, matchers);
      if (ids.length > 0) {
        sets.add(headSet(h, ids, sort));
      }
    }
    return switch (sets.size()) {
      case 0 -> SeriesSet.empty();
      case 1 -> sets.get(0);
      default -> new MergeSeriesSet(sets);
    };
  }

  private SeriesSet headSet(HeadReader h, int[] ids, boolean sort) {
    List<Series> out = new ArrayList<>(ids.length);
    for (int id : ids) {
      Series s = h.series(id);
      if (s != null) {
        out.add(s);
      }
    }
    if (sort) {
      out.sort((a, b) -> a.labels().compareTo(b.labels()));
    }
    return new ListSeriesSet(out);
  }

  @Override
  public List<String> labelValues(String name, List<Matcher> matchers) {
    checkOpen();
    TreeSet<String> out = new TreeSet<>();
    for (Block b : blocks) {
      if (matchers.isEmpty()) {
        out.addAll(b.index().labelValues(name));
      } else {
        IndexReader.Cursor c = b.index().cursor();
        for (int id : PostingsForMatchers.select(b.index(), matchers)) {
          String v = c.series(id).labels().get(name);
          if (!v.isEmpty()) {
            out.add(v);
          }
        }
      }
    }
    HeadReader h = head;
    if (h != null) {
      if (matchers.isEmpty()) {
        out.addAll(h.labelValues(name));
      } else {
        for (int id : PostingsForMatchers.select(h, matchers)) {
          Labels l = h.labels(id);
          if (l != null && !l.get(name).isEmpty()) {
            out.add(l.get(name));
          }
        }
      }
    }
    return List.copyOf(out);
  }

  @Override
  public List<String> labelNames(List<Matcher> matchers) {
    checkOpen();
    TreeSet<String> out = new TreeSet<>();
    for (Block b : blocks) {
      if (matchers.isEmpty()) {
        out.addAll(b.index().labelNames());
      } else {
        IndexReader.Cursor c = b.index().cursor();
        for (int id : PostingsForMatchers.select(b.index(), matchers)) {
          addNames(out, c.series(id).labels());
        }
      }
    }
    HeadReader h = head;
    if (h != null) {
      if (matchers.isEmpty()) {
        out.addAll(h.labelNames());
      } else {
        for (int id : PostingsForMatchers.select(h, matchers)) {
          Labels l = h.labels(id);
          if (l != null) {
            addNames(out, l);
          }
        }
      }
    }
    return List.copyOf(out);
  }

  private static void addNames(TreeSet<String> out, Labels l) {
    for (int i = 0; i < l.size(); i++) {
      out.add(l.name(i));
    }
  }

  private void checkOpen() {
    if (closed) {
      throw new IllegalStateException("BUG: querier used after close");
    }
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    for (Block b : blocks) {
      b.release();
    }
  }

  /** A block's selected series, in id (= label) order, skipping those without samples in range. */
  static final class BlockSeriesSet implements SeriesSet {
    private final Block block;
    private final int[] ids;
    private final long mint;
    private final long maxt;
    private final IndexReader.Cursor cursor;
    private int i = -1;
    private @Nullable Series cur;

    BlockSeriesSet(Block block, int[] ids, long mint, long maxt) {
      this.block = block;
      this.ids = ids;
      this.mint = mint;
      this.maxt = maxt;
      this.cursor = block.index().cursor();
    }

    @Override
    public boolean next() {
      while (++i < ids.length) {
        Series s = block.series(cursor, ids[i], mint, maxt);
        if (s != null) {
          cur = s;
          return true;
        }
      }
      cur = null;
      return false;
    }

    @Override
    public Series at() {
      Series s = cur;
      if (s == null) {
        throw new IllegalStateException("BUG: at() without a current series");
      }
      return s;
    }
  }

  /** Series held in a list. */
  static final class ListSeriesSet implements SeriesSet {
    private final List<Series> series;
    private int i = -1;

    ListSeriesSet(List<Series> series) {
      this.series = series;
    }

    @Override
    public boolean next() {
      return ++i < series.size();
    }

    @Override
    public Series at() {
      return series.get(i);
    }
  }
}
