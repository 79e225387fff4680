package io.watchkeeper.storage.tsdb.index;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

class PostingsTest {
  private static int[] random(Random r, int n, int max) {
    TreeSet<Integer> s = new TreeSet<>();
    while (s.size() < n) {
      s.add(r.nextInt(max));
    }
    return s.stream().mapToInt(Integer::intValue).toArray();
  }

  private static TreeSet<Integer> set(int[] a) {
    TreeSet<Integer> s = new TreeSet<>();
    for (int x : a) {
      s.add(x);
    }
    return s;
  }

  private static int[] arr(TreeSet<Integer> s) {
    return s.stream().mapToInt(Integer::intValue).toArray();
  }

  @RepeatedTest(20)
  void operationsMatchSetSemantics() {
    Random r = new Random();
    // sizes that exercise both merging and galloping
    int[] a = random(r, r.nextInt(50), 10_000);
    int[] b = random(r, r.nextInt(3000), 10_000);
    TreeSet<Integer> inter = set(a);
    inter.retainAll(set(b));
    TreeSet<Integer> union = set(a);
    union.addAll(set(b));
    TreeSet<Integer> diff = set(a);
    diff.removeAll(set(b));
    TreeSet<Integer> diff2 = set(b);
    diff2.removeAll(set(a));
    assertThat(Postings.intersect(a, b)).containsExactly(arr(inter));
    assertThat(Postings.intersect(b, a)).containsExactly(arr(inter));
    assertThat(Postings.union(a, b)).containsExactly(arr(union));
    assertThat(Postings.subtract(a, b)).containsExactly(arr(diff));
    assertThat(Postings.subtract(b, a)).containsExactly(arr(diff2));
    int[] c = random(r, r.nextInt(500), 10_000);
    TreeSet<Integer> u3 = new TreeSet<>(union);
    u3.addAll(set(c));
    assertThat(Postings.union(List.of(a, b, c))).containsExactly(arr(u3));
    TreeSet<Integer> i3 = new TreeSet<>(inter);
    i3.retainAll(set(c));
    assertThat(Postings.intersect(List.of(c, a, b))).containsExactly(arr(i3));
  }

  @Test
  void gallopFindsTheFirstNotSmaller() {
    int[] b = {1, 3, 5, 7, 9, 11, 13, 15, 17, 19, 21};
    assertThat(Postings.gallop(b, 0, 0)).isZero();
    assertThat(Postings.gallop(b, 0, 8)).isEqualTo(4);
    assertThat(Postings.gallop(b, 2, 9)).isEqualTo(4);
    assertThat(Postings.gallop(b, 0, 21)).isEqualTo(10);
    assertThat(Postings.gallop(b, 0, 22)).isEqualTo(11);
  }

  @Test
  void emptyListsAreHandled() {
    int[] a = {1, 2, 3};
    assertThat(Postings.intersect(a, Postings.EMPTY)).isEmpty();
    assertThat(Postings.union(Postings.EMPTY, a)).containsExactly(1, 2, 3);
    assertThat(Postings.subtract(a, Postings.EMPTY)).containsExactly(1, 2, 3);
    assertThat(Postings.union(new ArrayList<>())).isEmpty();
    assertThat(Postings.intersect(new ArrayList<>())).isEmpty();
  }
}
