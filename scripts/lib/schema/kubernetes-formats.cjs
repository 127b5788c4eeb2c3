// The string formats the schema stage checks: ajv-formats' full set, with `duration` read as Kubernetes (and
// kubeconform) read it: a Go duration ("5m", "1h30m"), ISO 8601 ("PT5M") also passing. Plain CommonJS so that the
// precompiled validators (compiled-validators.ts) can require the very same functions.
"use strict";
const { fullFormats } = require("ajv-formats/dist/formats");

const GO_DURATION = /^[-+]?(0|((\d+(\.\d*)?|\.\d+)(ns|us|µs|μs|ms|s|m|h))+)$/;
const ISO_DURATION = /^P(?!$)((\d+Y)?(\d+M)?(\d+W)?(\d+D)?)(T(?=\d)(\d+H)?(\d+M)?(\d+(\.\d+)?S)?)?$/;

module.exports.formats = { ...fullFormats, duration: (value) => GO_DURATION.test(value) || ISO_DURATION.test(value) };
