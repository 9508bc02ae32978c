package dev.coffer.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ConstantTimeTest {

    @Test
    void equalArraysAreEqualAndDifferentOnesAreNot() {
        assertThat(ConstantTime.equals(new byte[] {1, 2}, new byte[] {1, 2})).isTrue();
        assertThat(ConstantTime.equals(new byte[] {1, 2}, new byte[] {1, 3})).isFalse();
        assertThat(ConstantTime.equals(new byte[] {1, 2}, new byte[] {1, 2, 3})).isFalse();
    }

    @Test
    void nullArrayEqualsOnlyNull() {
        assertThat(ConstantTime.equals((byte[]) null, null)).isTrue();
        assertThat(ConstantTime.equals(null, new byte[0])).isFalse();
        assertThat(ConstantTime.equals(new byte[0], null)).isFalse();
    }

    @Test
    void stringsCompareByTheirUtf8Bytes() {
        assertThat(ConstantTime.equals("tökén", "tökén")).isTrue();
        assertThat(ConstantTime.equals("token", "tokem")).isFalse();
        assertThat(ConstantTime.equals("", "")).isTrue();
    }

    @Test
    void stringsAreComparedByContentNotByIdentity() {
        // built at run time, so neither is the interned literal: '==' would call them different
        String a = new StringBuilder("client-").append("secret").toString();
        String b = new StringBuilder("client-secret").toString();
        assertThat(a).isNotSameAs(b);
        assertThat(ConstantTime.equals(a, b)).isTrue();
    }

    @Test
    void nullStringEqualsOnlyNull() {
        assertThat(ConstantTime.equals((String) null, null)).isTrue();
        assertThat(ConstantTime.equals(null, "")).isFalse();
        assertThat(ConstantTime.equals("", null)).isFalse();
    }
}
