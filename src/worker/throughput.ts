// Training speed over the last few seconds of work (time spent paused does not count).
export class Throughput {
  private steps: { images: number; seconds: number }[] = [];
  constructor(private readonly windowSeconds = 3) {}

  add(images: number, seconds: number): void {
    this.steps.push({ images, seconds });
    let total = 0;
    for (let i = this.steps.length - 1; i >= 0; i--) {
      total += this.steps[i]!.seconds;
      if (total > this.windowSeconds && i > 0) {
        this.steps = this.steps.slice(i);
        break;
      }
    }
  }

  imagesPerSecond(): number {
    const s = this.steps.reduce((a, x) => a + x.seconds, 0);
    return s > 0 ? this.steps.reduce((a, x) => a + x.images, 0) / s : 0;
  }

  secondsPerStep(): number {
    return this.steps.length ? this.steps.reduce((a, x) => a + x.seconds, 0) / this.steps.length : 0;
  }
}
