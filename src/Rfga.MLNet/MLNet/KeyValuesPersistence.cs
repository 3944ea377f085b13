using System;
using System.Reflection;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Data.IO;
using Microsoft.ML.Runtime;

namespace Rfga.MLNet.MLNet;

/// <summary>Saves and restores a key column's type and key values (any item type BinarySaver can write).</summary>
internal static class KeyValuesPersistence
{
    public static void Write(IHost host, ModelSaveContext ctx, DataViewSchema.DetachedColumn label)
    {
        var keyValues = label.Annotations.Schema.GetColumnOrNull(AnnotationUtils.Kinds.KeyValues);
        ctx.Writer.Write(keyValues.HasValue);
        if (!keyValues.HasValue) return;
        var type = (VectorDataViewType)keyValues.Value.Type;
        typeof(KeyValuesPersistence).GetMethod(nameof(WriteValues), BindingFlags.NonPublic | BindingFlags.Static)!
            .MakeGenericMethod(type.ItemType.RawType).Invoke(null, [host, ctx, label, type]);
    }

    private static void WriteValues<T>(IHost host, ModelSaveContext ctx, DataViewSchema.DetachedColumn label, VectorDataViewType type)
    {
        var getter = label.Annotations.GetGetter<VBuffer<T>>(label.Annotations.Schema[AnnotationUtils.Kinds.KeyValues]);
        VBuffer<T> values = default;
        getter(ref values);
        var saver = new BinarySaver(host, new BinarySaver.Arguments());
        if (!saver.TryWriteTypeAndValue(ctx.Writer.BaseStream, type, ref values, out _))
            throw host.Except("Key values of type '{0}' cannot be saved.", type.ItemType);
    }

    public static DataViewSchema.DetachedColumn Read(IHostEnvironment env, ModelLoadContext ctx, string name, int classCount)
    {
        var keyType = new KeyDataViewType(typeof(uint), classCount);
        if (!ctx.Reader.ReadBoolean()) return new DataViewSchema.DetachedColumn(name, keyType);
        var saver = new BinarySaver(env, new BinarySaver.Arguments());
        env.CheckDecode(saver.TryLoadTypeAndValue(ctx.Reader.BaseStream, out var type, out var value), "cannot read the label key values");
        env.CheckDecode(type is VectorDataViewType { Size: > 0 } v && v.Size == classCount && value is not null, "label key values do not match the class count");
        var vectorType = (VectorDataViewType)type;
        var getter = (Delegate)typeof(KeyValuesPersistence).GetMethod(nameof(MakeGetter), BindingFlags.NonPublic | BindingFlags.Static)!
            .MakeGenericMethod(vectorType.ItemType.RawType).Invoke(null, [value])!;
        var builder = new DataViewSchema.Annotations.Builder();
        builder.Add(AnnotationUtils.Kinds.KeyValues, vectorType, getter);
        return new DataViewSchema.DetachedColumn(name, keyType, builder.ToAnnotations());
    }

    private static Delegate MakeGetter<T>(object value)
    {
        var values = (VBuffer<T>)value;
        ValueGetter<VBuffer<T>> getter = (ref VBuffer<T> dst) => values.CopyTo(ref dst);
        return getter;
    }
}
