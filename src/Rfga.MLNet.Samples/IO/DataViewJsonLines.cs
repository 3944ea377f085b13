using System;
using System.Collections.Generic;
using System.IO;
using System.Text;
using System.Text.Json;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace Rfga.MLNet.Samples.IO;

/// <summary>
/// Writes chosen columns of an <see cref="IDataView"/> as JSON lines: one object per row; numbers in shortest
/// round-trip form (so a reader gets the exact float or double back), keys as their key values when the column
/// has them (else the 1-based key), vectors as arrays. Written to a temporary file, then moved into place.
/// </summary>
public static class DataViewJsonLines
{
    /// <summary>
    /// Writes <paramref name="columns"/> of <paramref name="data"/> to <paramref name="path"/>; returns the row count.
    /// <paramref name="perRow"/>, if given, is called once with the cursor (columns <paramref name="alsoRead"/> active too)
    /// and returns an action run after each row is written (overlays, progress), so the data is read once.
    /// </summary>
    public static long Write(IDataView data, IReadOnlyList<string> columns, string path,
        IReadOnlyList<string>? alsoRead = null, Func<DataViewRow, Action>? perRow = null)
    {
        var selected = new List<DataViewSchema.Column>();
        foreach (var name in columns)
            selected.Add(data.Schema.GetColumnOrNull(name) ?? throw new ArgumentException($"The scored data has no column '{name}'.", nameof(columns)));
        var active = new List<DataViewSchema.Column>(selected);
        foreach (var name in alsoRead ?? [])
            if (data.Schema.GetColumnOrNull(name) is { } extra && !active.Contains(extra)) active.Add(extra);
        string tmp = path + ".tmp";
        long rows = 0;
        try
        {
            using (var stream = File.Create(tmp))
            using (var json = new Utf8JsonWriter(stream))
            using (var cursor = data.GetRowCursor(active))
            {
                var writers = selected.ConvertAll(c => MakeWriter(cursor, c));
                var after = perRow?.Invoke(cursor);
                while (cursor.MoveNext())
                {
                    json.WriteStartObject();
                    for (int i = 0; i < selected.Count; i++)
                    {
                        json.WritePropertyName(selected[i].Name);
                        writers[i](json);
                    }
                    json.WriteEndObject();
                    json.Flush();
                    json.Reset(stream);
                    stream.WriteByte((byte)'\n');
                    rows++;
                    after?.Invoke();
                }
            }
            File.Move(tmp, path, overwrite: true);
        }
        finally
        {
            if (File.Exists(tmp)) File.Delete(tmp);
        }
        return rows;
    }

    private static Action<Utf8JsonWriter> MakeWriter(DataViewRowCursor cursor, DataViewSchema.Column column)
    {
        var type = column.Type;
        if (type is KeyDataViewType)
        {
            var getter = cursor.GetGetter<uint>(column);
            string[]? names = null;
            if (column.Annotations.Schema.GetColumnOrNull("KeyValues") is not null)
            {
                VBuffer<ReadOnlyMemory<char>> kv = default;
                column.GetKeyValues(ref kv);
                var list = new List<string>();
                foreach (var v in kv.DenseValues()) list.Add(v.ToString());
                names = list.ToArray();
            }
            return w =>
            {
                uint key = 0;
                getter(ref key);
                if (key == 0) w.WriteNullValue();
                else if (names is not null) w.WriteStringValue(names[key - 1]);
                else w.WriteNumberValue(key);
            };
        }
        if (type is VectorDataViewType vector)
        {
            return vector.ItemType.RawType switch
            {
                Type t when t == typeof(float) => Vector<float>(cursor, column, (w, v) => w.WriteRawValue(v.ToString("R", System.Globalization.CultureInfo.InvariantCulture))),
                Type t when t == typeof(double) => Vector<double>(cursor, column, (w, v) => w.WriteRawValue(v.ToString("R", System.Globalization.CultureInfo.InvariantCulture))),
                Type t when t == typeof(int) => Vector<int>(cursor, column, (w, v) => w.WriteNumberValue(v)),
                _ => throw new NotSupportedException($"Column '{column.Name}' of type {type} cannot be written as JSON."),
            };
        }
        return type.RawType switch
        {
            Type t when t == typeof(float) => Scalar<float>(cursor, column, (w, v) => w.WriteRawValue(v.ToString("R", System.Globalization.CultureInfo.InvariantCulture))),
            Type t when t == typeof(double) => Scalar<double>(cursor, column, (w, v) => w.WriteRawValue(v.ToString("R", System.Globalization.CultureInfo.InvariantCulture))),
            Type t when t == typeof(int) => Scalar<int>(cursor, column, (w, v) => w.WriteNumberValue(v)),
            Type t when t == typeof(ReadOnlyMemory<char>) => Scalar<ReadOnlyMemory<char>>(cursor, column, (w, v) => w.WriteStringValue(v.Span)),
            _ => throw new NotSupportedException($"Column '{column.Name}' of type {type} cannot be written as JSON."),
        };
    }

    private static Action<Utf8JsonWriter> Scalar<T>(DataViewRowCursor cursor, DataViewSchema.Column column, Action<Utf8JsonWriter, T> write)
    {
        var getter = cursor.GetGetter<T>(column);
        T value = default!;
        return w =>
        {
            getter(ref value);
            write(w, value);
        };
    }

    private static Action<Utf8JsonWriter> Vector<T>(DataViewRowCursor cursor, DataViewSchema.Column column, Action<Utf8JsonWriter, T> write)
    {
        var getter = cursor.GetGetter<VBuffer<T>>(column);
        VBuffer<T> value = default;
        return w =>
        {
            getter(ref value);
            w.WriteStartArray();
            foreach (var v in value.DenseValues()) write(w, v);
            w.WriteEndArray();
        };
    }
}
