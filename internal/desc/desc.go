// Package desc gives schema descriptions a plain-text and a Markdown form.
//
// The service packages write their schema descriptions in Markdown (argument
// names in backticks). Terraform shows Description in plain-text contexts
// (the CLI, language servers that do not render Markdown) and
// MarkdownDescription where Markdown is rendered (tfplugindocs, the
// registry). Split moves a Markdown Description into MarkdownDescription and
// leaves a plain version in Description, for every attribute and block of a
// schema, so the docs keep their Markdown and the CLI shows no backticks.
package desc

import (
	"reflect"
	"strings"
)

// Plain returns md without its Markdown code spans' backticks.
func Plain(md string) string {
	return strings.ReplaceAll(md, "`", "")
}

// Split rewrites the schema that s points to (a resource, data source,
// action or list resource schema of terraform-plugin-framework),
// and every attribute, nested object and block in it: a Description holding
// Markdown (a backtick) is copied to MarkdownDescription when that is empty,
// and replaced by Plain(Description). Descriptions without Markdown are left
// alone. Identity schemas gain nothing: their attributes have a single
// Description, which serves as both. It panics if s is not a pointer to a
// struct.
func Split(s any) {
	v := reflect.ValueOf(s)
	if v.Kind() != reflect.Pointer || v.Elem().Kind() != reflect.Struct {
		panic("desc.Split: want a pointer to a schema struct")
	}
	walk(v.Elem())
}

// walk rewrites an addressable value in place.
func walk(v reflect.Value) {
	switch v.Kind() {
	case reflect.Struct:
		walkStruct(v)
	case reflect.Pointer:
		if !v.IsNil() {
			walk(v.Elem())
		}
	case reflect.Interface:
		walkInterface(v)
	case reflect.Map:
		walkMap(v)
	}
}

// walkStruct splits the struct's own Description, then walks its exported
// fields that may hold more.
func walkStruct(v reflect.Value) {
	d, md := v.FieldByName("Description"), v.FieldByName("MarkdownDescription")
	if d.IsValid() && md.IsValid() && d.Kind() == reflect.String && md.Kind() == reflect.String &&
		d.CanSet() && md.CanSet() && strings.Contains(d.String(), "`") {
		if md.String() == "" {
			md.SetString(d.String())
		}
		d.SetString(Plain(d.String()))
	}
	for i := 0; i < v.NumField(); i++ {
		f := v.Field(i)
		if !v.Type().Field(i).IsExported() {
			continue
		}
		switch f.Kind() {
		case reflect.Struct, reflect.Map, reflect.Interface, reflect.Pointer:
			walk(f)
		}
	}
}

// walkInterface walks what a settable interface holds. An interface holding
// a struct value is not addressable: it rewrites a copy and stores it back.
func walkInterface(v reflect.Value) {
	if v.IsNil() || !v.CanSet() {
		return
	}
	e := v.Elem()
	if e.Kind() == reflect.Pointer {
		walk(e)
		return
	}
	if e.Kind() != reflect.Struct {
		return
	}
	c := reflect.New(e.Type()).Elem()
	c.Set(e)
	walk(c)
	v.Set(c)
}

// walkMap walks the values of a map of structs, pointers or interfaces
// (attributes and blocks by name). Map values are not addressable: a struct
// is rewritten as a copy stored back once the iteration is over.
func walkMap(v reflect.Value) {
	if v.IsNil() {
		return
	}
	elem := v.Type().Elem()
	if elem.Kind() != reflect.Interface && elem.Kind() != reflect.Struct {
		return
	}
	iter := v.MapRange()
	type kv struct{ k, v reflect.Value }
	var updates []kv
	for iter.Next() {
		e := iter.Value()
		if elem.Kind() == reflect.Interface {
			if e.IsNil() {
				continue
			}
			e = e.Elem()
		}
		var c reflect.Value
		switch e.Kind() {
		case reflect.Struct:
			c = reflect.New(e.Type()).Elem()
			c.Set(e)
			walk(c)
		case reflect.Pointer:
			walk(e)
			continue
		default:
			continue
		}
		updates = append(updates, kv{iter.Key(), c})
	}
	for _, u := range updates {
		v.SetMapIndex(u.k, u.v)
	}
}
