/* The native baseline of the spawn benchmark: a process that starts and exits. */
int main(void) { return 0; }
