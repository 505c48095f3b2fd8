/**
 * JSON and YAML settings shared by the API, the store and the pages (durations as "10s").
 */
package dev.gameday.json;
