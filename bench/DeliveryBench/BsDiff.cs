using ZstdSharp;

namespace AeUpdater.DeliveryBench;

/// <summary>
/// A managed port of Colin Percival's bsdiff 4 (qsufsort suffix array, the same scan heuristics), with the three
/// streams (control, diff, extra) compressed by zstd level 19 instead of bzip2. Only for the patch-format measurement.
/// </summary>
internal static class BsDiff
{
    public static byte[] Diff(byte[] old, byte[] @new)
    {
        var suffixes = SuffixArray(old);
        var ctrl = new MemoryStream();
        var diff = new MemoryStream();
        var extra = new MemoryStream();
        var oldSize = old.Length;
        var newSize = @new.Length;
        int scan = 0, len = 0, pos = 0, lastScan = 0, lastPos = 0, lastOffset = 0;
        while (scan < newSize)
        {
            var oldScore = 0;
            int scsc;
            for (scsc = scan += len; scan < newSize; scan++)
            {
                len = Search(suffixes, old, @new.AsSpan(scan), 0, oldSize, out pos);
                for (; scsc < scan + len; scsc++)
                {
                    if (scsc + lastOffset < oldSize && old[scsc + lastOffset] == @new[scsc])
                    {
                        oldScore++;
                    }
                }

                if ((len == oldScore && len != 0) || len > oldScore + 8)
                {
                    break;
                }

                if (scan + lastOffset < oldSize && old[scan + lastOffset] == @new[scan])
                {
                    oldScore--;
                }
            }

            if (len != oldScore || scan == newSize)
            {
                int s = 0, sf = 0, lenf = 0;
                for (var i = 0; lastScan + i < scan && lastPos + i < oldSize;)
                {
                    if (old[lastPos + i] == @new[lastScan + i])
                    {
                        s++;
                    }

                    i++;
                    if (s * 2 - i > sf * 2 - lenf)
                    {
                        sf = s;
                        lenf = i;
                    }
                }

                var lenb = 0;
                if (scan < newSize)
                {
                    s = 0;
                    var sb = 0;
                    for (var i = 1; scan >= lastScan + i && pos >= i; i++)
                    {
                        if (old[pos - i] == @new[scan - i])
                        {
                            s++;
                        }

                        if (s * 2 - i > sb * 2 - lenb)
                        {
                            sb = s;
                            lenb = i;
                        }
                    }
                }

                if (lastScan + lenf > scan - lenb)
                {
                    var overlap = lastScan + lenf - (scan - lenb);
                    s = 0;
                    int ss = 0, lens = 0;
                    for (var i = 0; i < overlap; i++)
                    {
                        if (@new[lastScan + lenf - overlap + i] == old[lastPos + lenf - overlap + i])
                        {
                            s++;
                        }

                        if (@new[scan - lenb + i] == old[pos - lenb + i])
                        {
                            s--;
                        }

                        if (s > ss)
                        {
                            ss = s;
                            lens = i + 1;
                        }
                    }

                    lenf += lens - overlap;
                    lenb -= lens;
                }

                for (var i = 0; i < lenf; i++)
                {
                    diff.WriteByte((byte)(@new[lastScan + i] - old[lastPos + i]));
                }

                var extraLength = scan - lenb - (lastScan + lenf);
                extra.Write(@new, lastScan + lenf, extraLength);
                WriteInt(ctrl, lenf);
                WriteInt(ctrl, extraLength);
                WriteInt(ctrl, pos - lenb - (lastPos + lenf));
                lastScan = scan - lenb;
                lastPos = pos - lenb;
                lastOffset = pos - scan;
            }
        }

        using var compressor = new Compressor(19);
        var c = compressor.Wrap(ctrl.ToArray()).ToArray();
        var d = compressor.Wrap(diff.ToArray()).ToArray();
        var e = compressor.Wrap(extra.ToArray()).ToArray();
        var output = new MemoryStream();
        WriteInt(output, c.Length);
        WriteInt(output, d.Length);
        WriteInt(output, newSize);
        output.Write(c);
        output.Write(d);
        output.Write(e);
        return output.ToArray();
    }

    public static byte[] Patch(byte[] old, byte[] patch)
    {
        var cLen = BitConverter.ToInt32(patch, 0);
        var dLen = BitConverter.ToInt32(patch, 4);
        var newSize = BitConverter.ToInt32(patch, 8);
        using var decompressor = new Decompressor();
        var ctrl = decompressor.Unwrap(patch.AsSpan(12, cLen)).ToArray();
        var diff = decompressor.Unwrap(patch.AsSpan(12 + cLen, dLen)).ToArray();
        var extra = decompressor.Unwrap(patch.AsSpan(12 + cLen + dLen)).ToArray();
        var result = new byte[newSize];
        int newPos = 0, oldPos = 0, diffPos = 0, extraPos = 0;
        for (var c = 0; c < ctrl.Length; c += 12)
        {
            var x = BitConverter.ToInt32(ctrl, c);
            var y = BitConverter.ToInt32(ctrl, c + 4);
            var z = BitConverter.ToInt32(ctrl, c + 8);
            for (var i = 0; i < x; i++)
            {
                result[newPos + i] = (byte)(diff[diffPos + i] + (oldPos + i >= 0 && oldPos + i < old.Length ? old[oldPos + i] : 0));
            }

            newPos += x;
            oldPos += x;
            diffPos += x;
            Array.Copy(extra, extraPos, result, newPos, y);
            newPos += y;
            extraPos += y;
            oldPos += z;
        }

        return result;
    }

    private static void WriteInt(Stream stream, int value) => stream.Write(BitConverter.GetBytes(value));

    private static int MatchLength(ReadOnlySpan<byte> a, ReadOnlySpan<byte> b) => a.CommonPrefixLength(b);

    private static int Search(int[] suffixes, byte[] old, ReadOnlySpan<byte> @new, int start, int end, out int pos)
    {
        while (true)
        {
            if (end - start < 2)
            {
                var x = MatchLength(old.AsSpan(suffixes[start]), @new);
                var y = MatchLength(old.AsSpan(suffixes[end]), @new);
                pos = x > y ? suffixes[start] : suffixes[end];
                return Math.Max(x, y);
            }

            var middle = start + (end - start) / 2;
            var o = old.AsSpan(suffixes[middle]);
            var n = Math.Min(o.Length, @new.Length);
            if (o[..n].SequenceCompareTo(@new[..n]) < 0)
            {
                start = middle;
            }
            else
            {
                end = middle;
            }
        }
    }

    private static int[] SuffixArray(byte[] old)
    {
        var size = old.Length;
        var sa = new int[size + 1];
        var v = new int[size + 1];
        var buckets = new int[256];
        foreach (var b in old)
        {
            buckets[b]++;
        }

        for (var i = 1; i < 256; i++)
        {
            buckets[i] += buckets[i - 1];
        }

        for (var i = 255; i > 0; i--)
        {
            buckets[i] = buckets[i - 1];
        }

        buckets[0] = 0;
        for (var i = 0; i < size; i++)
        {
            sa[++buckets[old[i]]] = i;
        }

        sa[0] = size;
        for (var i = 0; i < size; i++)
        {
            v[i] = buckets[old[i]];
        }

        v[size] = 0;
        for (var i = 1; i < 256; i++)
        {
            if (buckets[i] == buckets[i - 1] + 1)
            {
                sa[buckets[i]] = -1;
            }
        }

        sa[0] = -1;
        for (var h = 1; sa[0] != -(size + 1); h += h)
        {
            var len = 0;
            var i = 0;
            while (i < size + 1)
            {
                if (sa[i] < 0)
                {
                    len -= sa[i];
                    i -= sa[i];
                }
                else
                {
                    if (len != 0)
                    {
                        sa[i - len] = -len;
                    }

                    len = v[sa[i]] + 1 - i;
                    Split(sa, v, i, len, h);
                    i += len;
                    len = 0;
                }
            }

            if (len != 0)
            {
                sa[i - len] = -len;
            }
        }

        for (var i = 0; i < size + 1; i++)
        {
            sa[v[i]] = i;
        }

        return sa;
    }

    private static void Split(int[] sa, int[] v, int start, int len, int h)
    {
        int i, j, k, x, tmp;
        if (len < 16)
        {
            for (k = start; k < start + len; k += j)
            {
                j = 1;
                x = v[sa[k] + h];
                for (i = 1; k + i < start + len; i++)
                {
                    if (v[sa[k + i] + h] < x)
                    {
                        x = v[sa[k + i] + h];
                        j = 0;
                    }

                    if (v[sa[k + i] + h] == x)
                    {
                        tmp = sa[k + j];
                        sa[k + j] = sa[k + i];
                        sa[k + i] = tmp;
                        j++;
                    }
                }

                for (i = 0; i < j; i++)
                {
                    v[sa[k + i]] = k + j - 1;
                }

                if (j == 1)
                {
                    sa[k] = -1;
                }
            }

            return;
        }

        x = v[sa[start + len / 2] + h];
        var jj = 0;
        var kk = 0;
        for (i = start; i < start + len; i++)
        {
            if (v[sa[i] + h] < x)
            {
                jj++;
            }

            if (v[sa[i] + h] == x)
            {
                kk++;
            }
        }

        jj += start;
        kk += jj;
        i = start;
        j = 0;
        k = 0;
        while (i < jj)
        {
            if (v[sa[i] + h] < x)
            {
                i++;
            }
            else if (v[sa[i] + h] == x)
            {
                tmp = sa[i];
                sa[i] = sa[jj + j];
                sa[jj + j] = tmp;
                j++;
            }
            else
            {
                tmp = sa[i];
                sa[i] = sa[kk + k];
                sa[kk + k] = tmp;
                k++;
            }
        }

        while (jj + j < kk)
        {
            if (v[sa[jj + j] + h] == x)
            {
                j++;
            }
            else
            {
                tmp = sa[jj + j];
                sa[jj + j] = sa[kk + k];
                sa[kk + k] = tmp;
                k++;
            }
        }

        if (jj > start)
        {
            Split(sa, v, start, jj - start, h);
        }

        for (i = 0; i < kk - jj; i++)
        {
            v[sa[jj + i]] = kk - 1;
        }

        if (jj == kk - 1)
        {
            sa[jj] = -1;
        }

        if (start + len > kk)
        {
            Split(sa, v, kk, start + len - kk, h);
        }
    }
}
