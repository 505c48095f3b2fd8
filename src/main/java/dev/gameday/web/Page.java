package dev.gameday.web;

/** What every page knows: its title, who is looking, and whether the buttons are theirs. */
public record Page(String title, String user, boolean operator) {}
