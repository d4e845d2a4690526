<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>QObject</name>
    <message>
        <source>throughput (tasks/s)</source>
        <translation>吞吐量（任务/秒）</translation>
    </message>
    <message>
        <source>p95 latency (s)</source>
        <translation>p95 延迟（秒）</translation>
    </message>
    <message>
        <source>recommended</source>
        <translation>推荐值</translation>
    </message>
    <message>
        <source>recommended %1</source>
        <translation>推荐值 %1</translation>
    </message>
    <message>
        <source>Sweep of %1</source>
        <translation>%1 的扫描</translation>
    </message>
    <message>
        <source>Coroscope</source>
        <translation>Coroscope</translation>
    </message>
    <message>
        <source>errors (% of tasks)</source>
        <translation>错误（占任务的 %）</translation>
    </message>
    <message>
        <source>errors (%)</source>
        <translation>错误（%）</translation>
    </message>
</context>
<context>
    <name>cs::ui::AppOptions</name>
    <message>
        <source>Runs asyncio scenarios on a virtual clock and shows every task live.</source>
        <translation>在虚拟时钟上运行 asyncio 场景，并实时显示每个任务。</translation>
    </message>
    <message>
        <source>User interface language (en, zh_CN); default: the one picked in View &gt; Language, else the system&apos;s.</source>
        <translation>界面语言（en、zh_CN）；默认使用“视图 &gt; 语言”中选择的语言，否则跟随系统。</translation>
    </message>
    <message>
        <source>Save a screenshot of the main window to PNG.</source>
        <translation>将主窗口截图保存为 PNG。</translation>
    </message>
    <message>
        <source>Quit after SEC seconds (after the screenshot).</source>
        <translation>SEC 秒后退出（在截图之后）。</translation>
    </message>
    <message>
        <source>Only one scenario file can be opened.</source>
        <translation>一次只能打开一个场景文件。</translation>
    </message>
    <message>
        <source>--quit-after needs seconds &gt;= 0.</source>
        <translation>--quit-after 需要大于或等于 0 的秒数。</translation>
    </message>
    <message>
        <source>Open a bundled lesson: its number in teaching order (1 is the first) or its id.</source>
        <translation>打开一个内置课程：按教学顺序的编号（1 为第一课）或课程 ID。</translation>
    </message>
    <message>
        <source>Open a bundled example: its name or its number (22 for 22-live-resize).</source>
        <translation>打开一个内置示例：示例名称或编号（22 即 22-live-resize）。</translation>
    </message>
    <message>
        <source>Give one of FILE, --lesson and --example.</source>
        <translation>FILE、--lesson 和 --example 只能给出其中一个。</translation>
    </message>
    <message>
        <source>Start in presentation mode (F11): for a projector.</source>
        <translation>以演示模式（F11）启动：用于投影仪。</translation>
    </message>
    <message>
        <source>Scenario, trace or Python program to open (a program runs on the virtual clock).</source>
        <translation>要打开的场景、跟踪或 Python 程序（程序在虚拟时钟上运行）。</translation>
    </message>
</context>
<context>
    <name>cs::ui::CallerPass</name>
    <message>
        <source>not traced</source>
        <translation>未记录</translation>
    </message>
    <message>
        <source>1 result</source>
        <translation>1 个结果</translation>
    </message>
    <message>
        <source>%L1 results</source>
        <translation>%L1 个结果</translation>
    </message>
    <message>
        <source>%L1 pending</source>
        <translation>%L1 个未完成</translation>
    </message>
    <message>
        <source>%L1 waiting for a worker</source>
        <translation>%L1 个在池中排队，等空闲的工作者</translation>
    </message>
    <message>
        <source>%L1 in the thread pool</source>
        <translation>%L1 个在线程池中</translation>
    </message>
    <message>
        <source>%L1 in the process pool</source>
        <translation>%L1 个在进程池中</translation>
    </message>
</context>
<context>
    <name>cs::ui::CodeLineLocator</name>
    <message>
        <source>task %1 has not started yet: main() creates it here</source>
        <translation>任务 %1 尚未开始：main() 在这里创建它</translation>
    </message>
    <message>
        <source>task %1 sleeps until it arrives</source>
        <translation>任务 %1 正在休眠，等待到达时间</translation>
    </message>
    <message>
        <source>task %1 waits in the queue for a free worker</source>
        <translation>任务 %1 在队列中等待空闲的工作者</translation>
    </message>
    <message>
        <source>task %1 waits for a permit</source>
        <translation>任务 %1 正在等待许可</translation>
    </message>
    <message>
        <source>task %1 waits for its job in the thread pool</source>
        <translation>任务 %1 正在等待线程池中的作业完成</translation>
    </message>
    <message>
        <source>task %1 blocks the event loop</source>
        <translation>任务 %1 阻塞了事件循环</translation>
    </message>
    <message>
        <source>task %1 is ready but another task&apos;s blocking call froze the loop</source>
        <translation>任务 %1 已就绪，但另一个任务的阻塞调用冻结了事件循环</translation>
    </message>
    <message>
        <source>task %1 holds its permit and runs step %2</source>
        <translation>任务 %1 持有许可，正在执行第 %2 步</translation>
    </message>
    <message>
        <source>task %1 swallowed CancelledError and returned</source>
        <translation>任务 %1 吞掉了 CancelledError 并正常返回</translation>
    </message>
    <message>
        <source>task %1 returned</source>
        <translation>任务 %1 已返回</translation>
    </message>
    <message>
        <source>task %1 failed</source>
        <translation>任务 %1 失败</translation>
    </message>
    <message>
        <source>task %1 was cancelled</source>
        <translation>任务 %1 被取消</translation>
    </message>
    <message>
        <source>task %1 runs step %2</source>
        <translation>任务 %1 正在执行第 %2 步</translation>
    </message>
    <message>
        <source>task %1 waits for its job in the process pool</source>
        <translation>任务 %1 在等待进程池中的作业</translation>
    </message>
    <message>
        <source>task %1 waits for its job: every worker of the pool is busy, the job waits in the pool&apos;s queue</source>
        <translation>任务 %1 在等它的作业：池里的工作者都在忙，作业在池的队列中排队</translation>
    </message>
    <message>
        <source>task %1 holds its permit and waits for its start slot</source>
        <translation>任务 %1 持有许可，正在等待它的启动时间槽</translation>
    </message>
    <message>
        <source>task %1 waits in get() for an item: the queue is empty</source>
        <translation>任务 %1 在 get() 中等待条目：队列为空</translation>
    </message>
    <message>
        <source>task %1 waits in put() for room: the queue is full</source>
        <translation>任务 %1 在 put() 中等待空位：队列已满</translation>
    </message>
</context>
<context>
    <name>cs::ui::CodePanel</name>
    <message>
        <source># The program for %L1 tasks is too long to show here.
# &quot;Save as .py&quot; writes it to a file.</source>
        <translation># %L1 个任务的程序太长，无法在此显示。
# 使用“另存为 .py”可将其写入文件。</translation>
    </message>
    <message>
        <source>Line %1: %2</source>
        <translation>第 %1 行：%2</translation>
    </message>
    <message>
        <source>Select a task on the timeline to see the line it is at.</source>
        <translation>在时间线上选择一个任务，即可看到它所在的代码行。</translation>
    </message>
    <message>
        <source>Save the Python program</source>
        <translation>保存 Python 程序</translation>
    </message>
    <message>
        <source>Python files (*.py);;All files (*)</source>
        <translation>Python 文件 (*.py);;所有文件 (*)</translation>
    </message>
    <message>
        <source>Coroscope</source>
        <translation>Coroscope</translation>
    </message>
    <message>
        <source>Could not save %1: %2</source>
        <translation>无法保存 %1：%2</translation>
    </message>
    <message>
        <source>Copy</source>
        <translation>复制</translation>
    </message>
    <message>
        <source>Copy the whole program to the clipboard</source>
        <translation>将整个程序复制到剪贴板</translation>
    </message>
    <message>
        <source>Save as .py…</source>
        <translation>另存为 .py…</translation>
    </message>
    <message>
        <source>Save the program: python3 program.py runs it; --trace OUT records Coroscope&apos;s trace</source>
        <translation>保存程序：用 python3 program.py 运行；加 --trace OUT 可记录 Coroscope 的跟踪</translation>
    </message>
    <message>
        <source>Edit</source>
        <translation>编辑</translation>
    </message>
    <message>
        <source>Edit a copy of this program and run it in CPython on the virtual clock</source>
        <translation>编辑这个程序的副本，并用 CPython 在虚拟时钟上运行它</translation>
    </message>
    <message>
        <source># This trace was recorded from %1, which is not beside the trace file:
# the trace holds what its tasks did, not the program&apos;s code.
# Put the program next to the trace and open the trace again to see it here.</source>
        <translation># 这份跟踪记录自 %1，但该文件不在跟踪文件旁边：
# 跟踪只记录了各任务做了什么，没有程序的代码。
# 把程序放到跟踪文件旁边，再打开一次跟踪，就能在这里看到它。</translation>
    </message>
    <message>
        <source>The program this trace recorded: %1, as the file reads now.</source>
        <translation>这份跟踪记录的程序：%1（按该文件现在的内容显示）。</translation>
    </message>
    <message>
        <source># This trace does not name the program that made it: it holds what its tasks did,
# not their code. (A trace of a scenario&apos;s run: open the scenario to see its program.)</source>
        <translation># 这个跟踪没有指明产生它的程序：它记录的是任务做了什么，
# 而不是它们的代码。（场景运行的跟踪：打开该场景即可看到它的程序。）</translation>
    </message>
</context>
<context>
    <name>cs::ui::ColumnUnit</name>
    <message>
        <source>ms</source>
        <comment>unit: milliseconds</comment>
        <translation>毫秒</translation>
    </message>
    <message>
        <source>µs</source>
        <comment>unit: microseconds</comment>
        <translation>微秒</translation>
    </message>
    <message>
        <source>s</source>
        <comment>unit: seconds</comment>
        <translation>秒</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <comment>a column&apos;s title and its unit</comment>
        <translation>%1（%2）</translation>
    </message>
</context>
<context>
    <name>cs::ui::ComparisonModel</name>
    <message>
        <source>B − A</source>
        <translation>B − A</translation>
    </message>
    <message>
        <source>change</source>
        <translation>变化</translation>
    </message>
    <message>
        <source>throughput /s</source>
        <translation>吞吐量 /秒</translation>
    </message>
    <message>
        <source>makespan s</source>
        <translation>总耗时 秒</translation>
    </message>
    <message>
        <source>latency p50 s</source>
        <translation>延迟 p50 秒</translation>
    </message>
    <message>
        <source>latency p95 s</source>
        <translation>延迟 p95 秒</translation>
    </message>
    <message>
        <source>latency p99 s</source>
        <translation>延迟 p99 秒</translation>
    </message>
    <message>
        <source>ok</source>
        <translation>成功</translation>
    </message>
    <message>
        <source>failed</source>
        <translation>失败</translation>
    </message>
    <message>
        <source>cancelled</source>
        <translation>已取消</translation>
    </message>
    <message>
        <source>error rate %</source>
        <translation>错误率 %</translation>
    </message>
    <message>
        <source>peak in flight</source>
        <translation>峰值进行中</translation>
    </message>
    <message>
        <source>mean in flight</source>
        <translation>平均进行中</translation>
    </message>
    <message>
        <source>L (mean in system)</source>
        <translation>L（系统内平均任务数）</translation>
    </message>
    <message>
        <source>λ·W</source>
        <translation>λ·W</translation>
    </message>
    <message>
        <source>W (mean latency) s</source>
        <translation>W（平均延迟）秒</translation>
    </message>
    <message>
        <source> pp</source>
        <translation> 个百分点</translation>
    </message>
</context>
<context>
    <name>cs::ui::ControlsPanel</name>
    <message>
        <source>Run</source>
        <translation>运行</translation>
    </message>
    <message>
        <source>Restart</source>
        <translation>重新开始</translation>
    </message>
    <message>
        <source>Step</source>
        <translation>单步</translation>
    </message>
    <message>
        <source>Run one iteration of the event loop (N)</source>
        <translation>运行事件循环的一次迭代 (N)</translation>
    </message>
    <message>
        <source>Event</source>
        <translation>事件</translation>
    </message>
    <message>
        <source>Run until the next trace event (E)</source>
        <translation>运行到下一个跟踪事件 (E)</translation>
    </message>
    <message>
        <source>Speed</source>
        <translation>速度</translation>
    </message>
    <message>
        <source>Virtual seconds per wall-clock second, 0.1× to 100× ([ and ])</source>
        <translation>每个真实秒对应的虚拟秒数，0.1× 到 100×（[ 和 ]）</translation>
    </message>
    <message>
        <source>Concurrency limit</source>
        <translation>并发限制</translation>
    </message>
    <message>
        <source>none (all at once)</source>
        <translation>无（全部同时运行）</translation>
    </message>
    <message>
        <source>Semaphore</source>
        <translation>Semaphore</translation>
    </message>
    <message>
        <source>BoundedSemaphore</source>
        <translation>BoundedSemaphore</translation>
    </message>
    <message>
        <source>Semaphore made per task (pitfall)</source>
        <translation>每个任务各建一个 Semaphore（陷阱）</translation>
    </message>
    <message>
        <source>Queue + workers</source>
        <translation>Queue + 工作者</translation>
    </message>
    <message>
        <source>manual counter (wait FIRST_COMPLETED)</source>
        <translation>手动计数（wait FIRST_COMPLETED）</translation>
    </message>
    <message>
        <source>chunks (gather chunk by chunk)</source>
        <translation>分批（逐批 gather）</translation>
    </message>
    <message>
        <source>rate limiter</source>
        <translation>速率限制器</translation>
    </message>
    <message>
        <source>adaptive (AIMD)</source>
        <translation>自适应（AIMD）</translation>
    </message>
    <message>
        <source>aiohttp TCPConnector</source>
        <translation>aiohttp TCPConnector</translation>
    </message>
    <message>
        <source>aiojobs Scheduler</source>
        <translation>aiojobs Scheduler</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>Permits</source>
        <translation>许可数</translation>
    </message>
    <message>
        <source>Changes live: the run replays with the new limit from now on.</source>
        <translation>实时生效：运行会从此刻起按新的限制重放。</translation>
    </message>
    <message>
        <source>unbounded</source>
        <translation>无上限</translation>
    </message>
    <message>
        <source>Queue maxsize</source>
        <translation>队列 maxsize</translation>
    </message>
    <message>
        <source>Pending limit</source>
        <translation>待处理上限</translation>
    </message>
    <message>
        <source> /s</source>
        <translation> /秒</translation>
    </message>
    <message>
        <source>Max per second</source>
        <translation>每秒上限</translation>
    </message>
    <message>
        <source>Min</source>
        <translation>最小</translation>
    </message>
    <message>
        <source>Max</source>
        <translation>最大</translation>
    </message>
    <message>
        <source> s</source>
        <translation> 秒</translation>
    </message>
    <message>
        <source>Latency target</source>
        <translation>延迟目标</translation>
    </message>
    <message>
        <source>How the caller collects results</source>
        <translation>调用方如何收集结果</translation>
    </message>
    <message>
        <source>asyncio.gather</source>
        <translation>asyncio.gather</translation>
    </message>
    <message>
        <source>asyncio.wait</source>
        <translation>asyncio.wait</translation>
    </message>
    <message>
        <source>asyncio.as_completed</source>
        <translation>asyncio.as_completed</translation>
    </message>
    <message>
        <source>asyncio.TaskGroup</source>
        <translation>asyncio.TaskGroup</translation>
    </message>
    <message>
        <source>sequential await (no tasks)</source>
        <translation>顺序 await（不创建任务）</translation>
    </message>
    <message>
        <source>Collector</source>
        <translation>收集方式</translation>
    </message>
    <message>
        <source>return_exceptions=True</source>
        <translation>return_exceptions=True</translation>
    </message>
    <message>
        <source>return_when</source>
        <translation>return_when</translation>
    </message>
    <message>
        <source>leave pending running</source>
        <translation>让未完成的继续运行</translation>
    </message>
    <message>
        <source>cancel pending</source>
        <translation>取消未完成的</translation>
    </message>
    <message>
        <source>Then</source>
        <translation>然后</translation>
    </message>
    <message>
        <source>none</source>
        <translation>无</translation>
    </message>
    <message>
        <source>Timeout</source>
        <translation>超时</translation>
    </message>
    <message>
        <source>Workload</source>
        <translation>工作负载</translation>
    </message>
    <message>
        <source>Tasks</source>
        <translation>任务</translation>
    </message>
    <message>
        <source>constant</source>
        <translation>常数</translation>
    </message>
    <message>
        <source>uniform</source>
        <translation>均匀分布</translation>
    </message>
    <message>
        <source>exponential</source>
        <translation>指数分布</translation>
    </message>
    <message>
        <source>log-normal</source>
        <translation>对数正态分布</translation>
    </message>
    <message>
        <source>Durations</source>
        <translation>耗时</translation>
    </message>
    <message>
        <source>Constant value, uniform centre, exponential mean, log-normal median</source>
        <translation>常数值、均匀分布的中心、指数分布的均值、对数正态分布的中位数</translation>
    </message>
    <message>
        <source>Typical duration</source>
        <translation>典型耗时</translation>
    </message>
    <message>
        <source>Uniform: ± this fraction of the typical duration; log-normal: sigma</source>
        <translation>均匀分布：典型耗时的 ± 该比例；对数正态分布：sigma</translation>
    </message>
    <message>
        <source>Spread</source>
        <translation>离散度</translation>
    </message>
    <message>
        <source> %</source>
        <translation> %</translation>
    </message>
    <message>
        <source>Failures</source>
        <translation>失败率</translation>
    </message>
    <message>
        <source>all at once</source>
        <translation>全部同时</translation>
    </message>
    <message>
        <source>Arrivals</source>
        <translation>到达</translation>
    </message>
    <message>
        <source>Share of tasks that make a blocking call (time.sleep) first</source>
        <translation>先执行阻塞调用（time.sleep）的任务比例</translation>
    </message>
    <message>
        <source>Blocking calls</source>
        <translation>阻塞调用</translation>
    </message>
    <message>
        <source>Share of tasks whose work runs in the thread pool (run_in_executor)</source>
        <translation>在线程池中执行工作（run_in_executor）的任务比例</translation>
    </message>
    <message>
        <source>In threads</source>
        <translation>在线程中</translation>
    </message>
    <message>
        <source>Seed</source>
        <translation>随机种子</translation>
    </message>
    <message>
        <source>Workers</source>
        <translation>工作者</translation>
    </message>
    <message>
        <source>At once</source>
        <translation>同时</translation>
    </message>
    <message>
        <source>Chunk size</source>
        <translation>批大小</translation>
    </message>
    <message>
        <source>Max at once</source>
        <translation>同时上限</translation>
    </message>
    <message>
        <source>Connections</source>
        <translation>连接数</translation>
    </message>
    <message>
        <source>Jobs at once</source>
        <translation>同时作业数</translation>
    </message>
    <message>
        <source>Pause</source>
        <translation>暂停</translation>
    </message>
    <message>
        <source>Play</source>
        <translation>播放</translation>
    </message>
    <message>
        <source>Generated workload: 1 task</source>
        <translation>生成的工作负载：1 个任务</translation>
    </message>
    <message>
        <source>Generated workload: %1 tasks</source>
        <translation>生成的工作负载：%1 个任务</translation>
    </message>
    <message>
        <source>1 task</source>
        <translation>1 个任务</translation>
    </message>
    <message>
        <source>%1 tasks</source>
        <translation>%1 个任务</translation>
    </message>
    <message>
        <source>%1 of work each</source>
        <translation>每个任务工作 %1</translation>
    </message>
    <message>
        <source>%1 to %2 of work each</source>
        <translation>每个任务工作 %1 到 %2</translation>
    </message>
    <message>
        <source>arriving over %1</source>
        <translation>在 %1 内陆续到达</translation>
    </message>
    <message>
        <source>all start at once</source>
        <translation>全部同时开始</translation>
    </message>
    <message>
        <source>On screen: %1.</source>
        <translation>当前场景：%1。</translation>
    </message>
    <message>
        <source>Made by the settings below.</source>
        <translation>由下面的设置生成。</translation>
    </message>
    <message>
        <source>On screen: a recorded run of %1 tasks; the program decided what each did.</source>
        <translation>当前场景：一次录制的运行，共 %1 个任务；每个任务做什么由程序决定。</translation>
    </message>
    <message>
        <source>Changing a setting below replaces it with a generated workload.</source>
        <translation>改动下面任意一项设置，会用生成的工作负载替换它。</translation>
    </message>
    <message>
        <source>A recorded run: its limit and collector are in its program.</source>
        <translation>这是一次录制的运行：它的并发限制和收集方式写在它的程序里。</translation>
    </message>
    <message>
        <source>the program&apos;s own</source>
        <translation>由程序自定</translation>
    </message>
    <message>
        <source>On screen: a recorded run of 1 task; the program decided what it did.</source>
        <translation>当前场景：一次录制的运行，共 1 个任务；它做什么由程序决定。</translation>
    </message>
    <message>
        <source>1 raises</source>
        <translation>1 个抛出异常</translation>
    </message>
    <message>
        <source>%1 raise</source>
        <translation>%1 个抛出异常</translation>
    </message>
    <message>
        <source>1 blocks the loop</source>
        <translation>1 个阻塞事件循环</translation>
    </message>
    <message>
        <source>%1 block the loop</source>
        <translation>%1 个阻塞事件循环</translation>
    </message>
    <message>
        <source>1 runs a job in a pool</source>
        <translation>1 个在池中运行作业</translation>
    </message>
    <message>
        <source>%1 run jobs in a pool</source>
        <translation>%1 个在池中运行作业</translation>
    </message>
    <message>
        <source>1 with a timeout</source>
        <translation>1 个带超时</translation>
    </message>
    <message>
        <source>%1 with a timeout</source>
        <translation>%1 个带超时</translation>
    </message>
    <message>
        <source>The settings below start from these tasks; changing one replaces them with a generated workload (same limit and collector).</source>
        <translation>下面的设置从这些任务出发；改动任意一项，会用生成的工作负载替换它们（并发限制和收集方式不变）。</translation>
    </message>
    <message>
        <source>On screen: a recorded run with no task (main() alone).</source>
        <translation>当前场景：一次没有任务的录制运行（只有 main()）。</translation>
    </message>
    <message>
        <source>The settings below are a generated workload&apos;s defaults, not the run&apos;s; changing one replaces the run with that workload.</source>
        <translation>下面的设置是生成工作负载的默认值，不是这次运行的；改动任意一项会用那个工作负载替换这次运行。</translation>
    </message>
    <message>
        <source>Limit now</source>
        <translation>当前上限</translation>
    </message>
    <message>
        <source>A recorded run: the limit and collector its trace says it ran with. Open its scenario to run it another way.</source>
        <translation>录制的运行：这是它的 trace 记录的运行时所用的限制和收集方式。要换一种方式运行，请打开它的场景文件。</translation>
    </message>
</context>
<context>
    <name>cs::ui::CounterTracksPass</name>
    <message>
        <source>limit %1</source>
        <translation>限制 %1</translation>
    </message>
    <message>
        <source>%1 of %2</source>
        <translation>%1 / %2</translation>
    </message>
    <message>
        <source>Permits in use</source>
        <translation>已用许可</translation>
    </message>
    <message>
        <source>In flight</source>
        <translation>进行中</translation>
    </message>
    <message>
        <source>Waiting</source>
        <translation>等待中</translation>
    </message>
    <message>
        <source>blocked</source>
        <translation>被阻塞</translation>
    </message>
    <message>
        <source>idle</source>
        <translation>空闲</translation>
    </message>
    <message>
        <source>Event loop</source>
        <translation>事件循环</translation>
    </message>
    <message>
        <source>Done per second</source>
        <translation>每秒完成数</translation>
    </message>
    <message>
        <source>max %1 /s</source>
        <translation>最高 %1 /秒</translation>
    </message>
    <message>
        <source>Counter</source>
        <translation>计数器</translation>
    </message>
    <message>
        <source>lock: task %1</source>
        <translation>锁：任务 %1</translation>
    </message>
    <message>
        <source>solid: value · dashed: increments done</source>
        <translation>实线：值 · 虚线：已完成的递增</translation>
    </message>
    <message>
        <source>value %1</source>
        <translation>值 %1</translation>
    </message>
    <message>
        <source>1 increment</source>
        <translation>1 次递增</translation>
    </message>
    <message>
        <source>%1 increments</source>
        <translation>%1 次递增</translation>
    </message>
    <message>
        <source>waiting: %1</source>
        <translation>等待：%1</translation>
    </message>
    <message>
        <source>awaiting</source>
        <translation>等待事件</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>完成</translation>
    </message>
</context>
<context>
    <name>cs::ui::DensityPass</name>
    <message>
        <source>task %L1</source>
        <translation>任务 %L1</translation>
    </message>
    <message>
        <source>tasks %L1–%L2</source>
        <translation>任务 %L1–%L2</translation>
    </message>
</context>
<context>
    <name>cs::ui::FileActions</name>
    <message>
        <source>Could not write %1: %2</source>
        <translation>无法写入 %1：%2</translation>
    </message>
    <message>
        <source>Cannot read %1: %2</source>
        <translation>无法读取 %1：%2</translation>
    </message>
    <message>
        <source>%1 is not a valid trace:
%2</source>
        <translation>%1 不是有效的跟踪文件：
%2</translation>
    </message>
    <message>
        <source>Recorded trace, shown read-only: nothing is simulated. Play replays it from the start.</source>
        <translation>已录制的跟踪，只读显示：不进行模拟。播放会从头重放。</translation>
    </message>
    <message>
        <source>A recorded trace has no scenario to save: use Export or Save trace instead.</source>
        <translation>已录制的跟踪没有可保存的场景：请改用“导出”或“保存跟踪”。</translation>
    </message>
    <message>
        <source>Could not write %1</source>
        <translation>无法写入 %1</translation>
    </message>
    <message>
        <source>Open &amp;recent</source>
        <translation>最近打开(&amp;R)</translation>
    </message>
    <message>
        <source>Coroscope</source>
        <translation>Coroscope</translation>
    </message>
    <message>
        <source>(none yet)</source>
        <translation>（暂无）</translation>
    </message>
    <message>
        <source>&amp;Clear list</source>
        <translation>清除列表(&amp;C)</translation>
    </message>
    <message>
        <source>E&amp;xport</source>
        <translation>导出(&amp;X)</translation>
    </message>
    <message>
        <source>&amp;Chrome trace / Perfetto JSON…</source>
        <translation>&amp;Chrome 跟踪 / Perfetto JSON…</translation>
    </message>
    <message>
        <source>CS&amp;V (tasks and metrics)…</source>
        <translation>CS&amp;V（任务与指标）…</translation>
    </message>
    <message>
        <source>Timeline as &amp;PNG…</source>
        <translation>时间线导出为 &amp;PNG…</translation>
    </message>
    <message>
        <source>Timeline as &amp;SVG…</source>
        <translation>时间线导出为 &amp;SVG…</translation>
    </message>
    <message>
        <source>Open scenario or trace</source>
        <translation>打开场景或跟踪</translation>
    </message>
    <message>
        <source>Import Python trace (python3 -m coroscope_trace)</source>
        <translation>导入 Python 跟踪（python3 -m coroscope_trace）</translation>
    </message>
    <message>
        <source>Traces (*.jsonl *.ndjson);;All files (*)</source>
        <translation>跟踪 (*.jsonl *.ndjson);;所有文件 (*)</translation>
    </message>
    <message>
        <source>%1 is a scenario: it was opened to run.</source>
        <translation>%1 是一个场景：已打开并运行。</translation>
    </message>
    <message>
        <source>A recorded trace has no scenario to save.</source>
        <translation>已录制的跟踪没有可保存的场景。</translation>
    </message>
    <message>
        <source>Save scenario</source>
        <translation>保存场景</translation>
    </message>
    <message>
        <source>Scenarios (*.json)</source>
        <translation>场景 (*.json)</translation>
    </message>
    <message>
        <source>Export Chrome trace / Perfetto JSON</source>
        <translation>导出 Chrome 跟踪 / Perfetto JSON</translation>
    </message>
    <message>
        <source>Chrome trace JSON (*.json)</source>
        <translation>Chrome 跟踪 JSON (*.json)</translation>
    </message>
    <message>
        <source>Export CSV (the metrics go next to it, as NAME-metrics.csv)</source>
        <translation>导出 CSV（指标写在同一目录，名为 NAME-metrics.csv）</translation>
    </message>
    <message>
        <source>CSV (*.csv)</source>
        <translation>CSV (*.csv)</translation>
    </message>
    <message>
        <source>Export timeline as PNG</source>
        <translation>将时间线导出为 PNG</translation>
    </message>
    <message>
        <source>PNG images (*.png)</source>
        <translation>PNG 图像 (*.png)</translation>
    </message>
    <message>
        <source>Export timeline as SVG</source>
        <translation>将时间线导出为 SVG</translation>
    </message>
    <message>
        <source>SVG images (*.svg)</source>
        <translation>SVG 图像 (*.svg)</translation>
    </message>
    <message>
        <source>Cannot read %1</source>
        <translation>无法读取 %1</translation>
    </message>
    <message>
        <source>%1 (partial run)</source>
        <translation>%1（不完整的运行）</translation>
    </message>
    <message>
        <source>Partial run: the trace has no end line (the program was stopped, or the stream cut off), so it shows the run up to its last event.</source>
        <translation>不完整的运行：这个 trace 没有 end 行（程序被停止，或数据流被截断），所以只显示到最后一个事件为止的运行。</translation>
    </message>
    <message>
        <source>The file ends in the middle of line %1 (its writer was stopped while writing it): that line is left out.</source>
        <translation>文件在第 %1 行的中间结束（写入它的程序在写这一行时被停止）：这一行不计入。</translation>
    </message>
    <message>
        <source>Scenarios, traces and programs (*.json *.jsonl *.ndjson *.py);;Scenarios (*.json);;Traces (*.jsonl *.ndjson);;Python programs (*.py);;All files (*)</source>
        <translation>场景、跟踪和程序 (*.json *.jsonl *.ndjson *.py);;场景 (*.json);;跟踪 (*.jsonl *.ndjson);;Python 程序 (*.py);;所有文件 (*)</translation>
    </message>
    <message>
        <source>Partial run: the runner stopped the program at %1 (%2), so the trace has no end line: it shows the run up to that moment.</source>
        <translation>不完整的运行：运行器在 %1 停止了程序（%2），所以这个 trace 没有 end 行：只显示到那一刻为止的运行。</translation>
    </message>
    <message>
        <source>Its times come from a real clock: another run of the program gives other times.</source>
        <translation>它的时间来自真实时钟：再运行一次程序，时间会不同。</translation>
    </message>
    <message>
        <source>Its times come from a real clock (Python %1 ran it in real time): another run of the program gives other times.</source>
        <translation>它的时间来自真实时钟（Python %1 以真实时间运行了它）：再运行一次程序，时间会不同。</translation>
    </message>
    <message>
        <source>Partial run: the runner stopped the program at %1, so the trace has no end line: it shows the run up to that moment.</source>
        <translation>不完整的运行：运行器在 %1 停止了程序，所以这个 trace 没有 end 行：只显示到那一刻为止的运行。</translation>
    </message>
</context>
<context>
    <name>cs::ui::LanesPass</name>
    <message>
        <source>task %1</source>
        <translation>任务 %1</translation>
    </message>
    <message>
        <source>cancelled</source>
        <translation>已取消</translation>
    </message>
    <message>
        <source>wrote %1</source>
        <translation>写入 %1</translation>
    </message>
    <message>
        <source>read %1</source>
        <translation>读到 %1</translation>
    </message>
    <message>
        <source>waits for the lock</source>
        <translation>等待锁</translation>
    </message>
    <message>
        <source>%1 · worker</source>
        <translation>%1 · 工作者</translation>
    </message>
    <message>
        <source>%1 · not put</source>
        <translation>%1 · 未放入</translation>
    </message>
    <message>
        <source>destroyed (garbage-collected)</source>
        <translation>已销毁（被垃圾回收）</translation>
    </message>
    <message>
        <source>%1 · never borrowed</source>
        <translation>%1 · 从未被借用</translation>
    </message>
</context>
<context>
    <name>cs::ui::LegendBar</name>
    <message>
        <source>arriving</source>
        <translation>到达前</translation>
    </message>
    <message>
        <source>waiting for a permit</source>
        <translation>等待许可</translation>
    </message>
    <message>
        <source>running</source>
        <translation>运行中</translation>
    </message>
    <message>
        <source>in the thread pool</source>
        <translation>在线程池中</translation>
    </message>
    <message>
        <source>blocking the loop (cpu)</source>
        <translation>阻塞事件循环（cpu）</translation>
    </message>
    <message>
        <source>frozen by another task&apos;s cpu</source>
        <translation>被其他任务的 cpu 冻结</translation>
    </message>
    <message>
        <source>done</source>
        <translation>完成</translation>
    </message>
    <message>
        <source>failed</source>
        <translation>失败</translation>
    </message>
    <message>
        <source>cancelled</source>
        <translation>已取消</translation>
    </message>
    <message>
        <source>permit handed over</source>
        <translation>许可移交</translation>
    </message>
    <message>
        <source>rows of many tasks: orange waiting or frozen → blue running, brighter = busier</source>
        <translation>多任务行：橙色等待或冻结 → 蓝色运行，越亮越忙</translation>
    </message>
    <message>
        <source>rows of many tasks: orange waiting or frozen → blue running, darker = busier</source>
        <translation>多任务行：橙色等待或冻结 → 蓝色运行，越深越忙</translation>
    </message>
    <message>
        <source>queued (waiting for a worker)</source>
        <translation>排队中（等待工作者）</translation>
    </message>
    <message>
        <source>job waiting for a free worker in the pool</source>
        <translation>作业在池中排队，等空闲的工作者</translation>
    </message>
    <message>
        <source>in the thread or process pool</source>
        <translation>在线程池或进程池中</translation>
    </message>
    <message>
        <source>in the process pool</source>
        <translation>在进程池中</translation>
    </message>
    <message>
        <source>job running on after its task stopped waiting</source>
        <translation>任务不再等待后仍在运行的作业</translation>
    </message>
    <message>
        <source>running without a permit</source>
        <translation>运行中（未持许可）</translation>
    </message>
    <message>
        <source>destroyed while pending (garbage-collected)</source>
        <translation>未完成时被销毁（被垃圾回收）</translation>
    </message>
    <message>
        <source>running without a permit (before asking for one, or after)</source>
        <translation>运行中（未持许可：请求许可之前，或之后）</translation>
    </message>
    <message>
        <source>running, no permit asked yet</source>
        <translation>运行中，尚未请求许可</translation>
    </message>
</context>
<context>
    <name>cs::ui::Lesson</name>
    <message>
        <source>cannot read %1: %2</source>
        <translation>无法读取 %1：%2</translation>
    </message>
</context>
<context>
    <name>cs::ui::LessonBrowser</name>
    <message>
        <source>Search lessons</source>
        <translation>搜索课程</translation>
    </message>
    <message>
        <source>%1 of %2 lessons completed</source>
        <translation>已完成 %1 / %2 节课</translation>
    </message>
</context>
<context>
    <name>cs::ui::LessonLibrary</name>
    <message>
        <source>Basics</source>
        <translation>基础</translation>
    </message>
    <message>
        <source>Limiting concurrency</source>
        <translation>限制并发</translation>
    </message>
    <message>
        <source>Collecting results</source>
        <translation>收集结果</translation>
    </message>
    <message>
        <source>Cancellation and timeouts</source>
        <translation>取消与超时</translation>
    </message>
    <message>
        <source>Pitfalls</source>
        <translation>常见陷阱</translation>
    </message>
    <message>
        <source>Choosing the limit</source>
        <translation>选择限制值</translation>
    </message>
    <message>
        <source>Other lessons</source>
        <translation>其他课程</translation>
    </message>
    <message>
        <source>cannot read %1</source>
        <translation>无法读取 %1</translation>
    </message>
    <message>
        <source>%1: not JSON: %2</source>
        <translation>%1：不是 JSON：%2</translation>
    </message>
    <message>
        <source>%1: the file&apos;s id is %2</source>
        <translation>%1：文件中的 id 是 %2</translation>
    </message>
    <message>
        <source>no lessons in %1</source>
        <translation>%1 中没有课程</translation>
    </message>
</context>
<context>
    <name>cs::ui::LessonModel</name>
    <message>
        <source>%1 (%2/%3)</source>
        <translation>%1（%2/%3）</translation>
    </message>
    <message>
        <source>%1 of %2 lessons completed</source>
        <translation>已完成 %1 / %2 节课</translation>
    </message>
    <message>
        <source>%1. %2</source>
        <translation>%1. %2</translation>
    </message>
    <message>
        <source>Completed</source>
        <translation>已完成</translation>
    </message>
    <message>
        <source>Opened, not finished yet</source>
        <translation>已打开，尚未完成</translation>
    </message>
    <message>
        <source>Not opened yet</source>
        <translation>尚未打开</translation>
    </message>
    <message>
        <source>Lesson</source>
        <translation>课程</translation>
    </message>
</context>
<context>
    <name>cs::ui::LessonPlayer</name>
    <message>
        <source>No lesson named %1.</source>
        <translation>没有名为 %1 的课程。</translation>
    </message>
    <message>
        <source>The answer: “%1”.</source>
        <translation>答案：“%1”。</translation>
    </message>
    <message>
        <source>You predicted “%1”. Right!</source>
        <translation>你预测的是“%1”。答对了！</translation>
    </message>
    <message>
        <source>You predicted “%1”, but the answer is “%2”.</source>
        <translation>你预测的是“%1”，但答案是“%2”。</translation>
    </message>
</context>
<context>
    <name>cs::ui::LessonView</name>
    <message>
        <source>No lesson open</source>
        <translation>未打开课程</translation>
    </message>
    <message>
        <source>Pick a lesson from the list: each one runs a small asyncio program and explains what to look for on the timeline.</source>
        <translation>从列表中选择一节课：每节课都会运行一个小型 asyncio 程序，并说明应在时间线上观察什么。</translation>
    </message>
    <message>
        <source>What to notice</source>
        <translation>注意观察</translation>
    </message>
    <message>
        <source>*Orange flags on the time ruler mark the narration; hover one to read it.*</source>
        <translation>*时间标尺上的橙色小旗标记了讲解；将鼠标悬停在小旗上即可阅读。*</translation>
    </message>
    <message>
        <source>Predict, then watch</source>
        <translation>先预测，再观察</translation>
    </message>
    <message>
        <source>Just play it</source>
        <translation>直接播放</translation>
    </message>
    <message>
        <source>(see the dashed line on the timeline)</source>
        <translation>（见时间线上的虚线）</translation>
    </message>
    <message>
        <source>The run waits for your answer.</source>
        <translation>运行正在等待你的回答。</translation>
    </message>
    <message>
        <source>The answer</source>
        <translation>答案</translation>
    </message>
    <message>
        <source>What happened</source>
        <translation>发生了什么</translation>
    </message>
    <message>
        <source>Also notice</source>
        <translation>还要注意</translation>
    </message>
    <message>
        <source>Watch the timeline: the answer appears on it when the run gets there.</source>
        <translation>看时间线：运行到那里时，答案就会出现在上面。</translation>
    </message>
    <message>
        <source>The answer appears on the timeline when the run gets there.</source>
        <translation>运行到那里时，答案会出现在时间线上。</translation>
    </message>
</context>
<context>
    <name>cs::ui::LimitLabPanel</name>
    <message>
        <source>The scenario to sweep</source>
        <translation>要扫描的场景</translation>
    </message>
    <message>
        <source>Scenario on screen</source>
        <translation>屏幕上的场景</translation>
    </message>
    <message>
        <source>Experiment: %1</source>
        <translation>实验：%1</translation>
    </message>
    <message>
        <source>Open file…</source>
        <translation>打开文件…</translation>
    </message>
    <message>
        <source>The field to vary, as a path: limit.value, service.capacity, executor.max_workers, generate.count, tasks[3].steps[0].io, ...</source>
        <translation>要改变的字段，写成路径：limit.value、service.capacity、executor.max_workers、generate.count、tasks[3].steps[0].io 等</translation>
    </message>
    <message>
        <source>1,2,4,8 · 1..64 (step 1) · 0.5..2+0.5 · 1..64x2 (geometric)</source>
        <translation>1,2,4,8 · 1..64（步长 1）· 0.5..2+0.5 · 1..64x2（几何级数）</translation>
    </message>
    <message>
        <source>auto</source>
        <translation>自动</translation>
    </message>
    <message>
        <source>Worker threads (auto: one per hardware thread)</source>
        <translation>工作线程数（自动：每个硬件线程一个）</translation>
    </message>
    <message>
        <source>Run sweep</source>
        <translation>运行扫描</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Field</source>
        <translation>字段</translation>
    </message>
    <message>
        <source>Values</source>
        <translation>取值</translation>
    </message>
    <message>
        <source>Jobs</source>
        <translation>作业数</translation>
    </message>
    <message>
        <source>Click a point to load that setting into the timeline</source>
        <translation>点击一个点，将该设置载入时间线</translation>
    </message>
    <message>
        <source>Select one row to compare it with the recommendation, two to compare them; double-click to load it into the timeline</source>
        <translation>选中一行可与推荐值比较，选中两行可相互比较；双击可载入时间线</translation>
    </message>
    <message>
        <source>Load selected setting into the timeline</source>
        <translation>将选中的设置载入时间线</translation>
    </message>
    <message>
        <source>Scenario to sweep</source>
        <translation>要扫描的场景</translation>
    </message>
    <message>
        <source>Scenarios (*.json)</source>
        <translation>场景 (*.json)</translation>
    </message>
    <message>
        <source>%1: cannot read file</source>
        <translation>%1：无法读取文件</translation>
    </message>
    <message>
        <source>%1: not JSON</source>
        <translation>%1：不是 JSON</translation>
    </message>
    <message>
        <source>scenario on screen</source>
        <translation>屏幕上的场景</translation>
    </message>
    <message>
        <source>%1: %2 tasks. Pick a field and values, then Run sweep.</source>
        <translation>%1：%2 个任务。选择字段和取值，然后点击“运行扫描”。</translation>
    </message>
    <message>
        <source>No scenario to sweep</source>
        <translation>没有可扫描的场景</translation>
    </message>
    <message>
        <source>%1 — %2</source>
        <translation>%1 — %2</translation>
    </message>
    <message>
        <source>Sweeping %1 over %2 values…</source>
        <translation>正在扫描 %1 的 %2 个取值…</translation>
    </message>
    <message>
        <source>No value keeps the error rate below 1% within 5% of the best throughput.</source>
        <translation>没有任何取值能在吞吐量不低于最佳值 95% 的同时，使错误率低于 1%。</translation>
    </message>
    <message>
        <source>Cancelled after %1 of %2 values. </source>
        <translation>已在 %1 / %2 个取值后取消。</translation>
    </message>
    <message>
        <source>%1 = %2: L = %3 tasks in the system on average; λ·W = %4/s × %5 s = %6%7</source>
        <translation>%1 = %2：L = 系统内平均 %3 个任务；λ·W = %4/秒 × %5 秒 = %6%7</translation>
    </message>
    <message>
        <source>The run on screen is a recorded one: its numbers are in its program&apos;s code, not in fields a sweep can set. Change the limit there and run it again, or sweep a scenario.</source>
        <translation>屏幕上的是一次录制的运行：它的数字在程序的代码里，而不在扫描能设置的字段里。请在代码中修改上限后重新运行，或者扫描一个场景。</translation>
    </message>
    <message>
        <source>Recommended: %1 = %2 (throughput %3/s, p95 %4 s)</source>
        <translation>推荐：%1 = %2（吞吐量 %3/秒，p95 %4 秒）</translation>
    </message>
    <message>
        <source>Recommended: %1 = %2 (throughput %3/s)</source>
        <translation>推荐：%1 = %2（吞吐量 %3/秒）</translation>
    </message>
    <message>
        <source> (λ counts the tasks that ended: failed and cancelled ones too, which the throughput, %1/s, leaves out)</source>
        <translation>（λ 计入所有结束的任务：也包括失败和取消的任务，吞吐量 %1/秒 则不计入它们）</translation>
    </message>
    <message>
        <source>%1, run %2 of %3: the median throughput</source>
        <translation>%1，%3 次运行中的第 %2 次：吞吐量的中位数</translation>
    </message>
    <message>
        <source>Values: the list is empty (e.g. 1,2,4,8 or 1..64 or 1..64x2)</source>
        <translation>取值：列表为空（例如 1,2,4,8 或 1..64 或 1..64x2）</translation>
    </message>
    <message>
        <source>Values: an empty item (two commas in a row, or a comma at the end)</source>
        <translation>取值：有一项为空（连着两个逗号，或末尾多了逗号）</translation>
    </message>
    <message>
        <source>Values: &quot;%1&quot; is not a number</source>
        <translation>取值：“%1”不是数字</translation>
    </message>
    <message>
        <source>Values: &quot;%1&quot; needs a number before &quot;..&quot;</source>
        <translation>取值：“%1”的“..”前面需要一个数字</translation>
    </message>
    <message>
        <source>Values: &quot;%1&quot; needs a number after &quot;%2&quot;</source>
        <translation>取值：“%1”的“%2”后面需要一个数字</translation>
    </message>
    <message>
        <source>Values: &quot;%1&quot; needs a number after &quot;..&quot;</source>
        <translation>取值：“%1”的“..”后面需要一个数字</translation>
    </message>
    <message>
        <source>Values: &quot;%1&quot; ends below its start</source>
        <translation>取值：“%1”的终点小于起点</translation>
    </message>
    <message>
        <source>Values: in &quot;%1&quot; the step must be above 0</source>
        <translation>取值：“%1”中的步长必须大于 0</translation>
    </message>
    <message>
        <source>Values: in &quot;%1&quot; the factor must be above 1</source>
        <translation>取值：“%1”中的倍数必须大于 1</translation>
    </message>
    <message>
        <source>Values: &quot;%1&quot;, a range by a factor, must start above 0</source>
        <translation>取值：“%1”是按倍数增长的范围，起点必须大于 0</translation>
    </message>
    <message>
        <source>Values: more than %L1 values</source>
        <translation>取值：超过 %L1 个值</translation>
    </message>
    <message>
        <source>Values: &quot;%1&quot; makes more than %L2 values</source>
        <translation>取值：“%1”产生的值超过 %L2 个</translation>
    </message>
</context>
<context>
    <name>cs::ui::LoopAnatomyPanel</name>
    <message>
        <source>… %1 more</source>
        <translation>… 还有 %1 个</translation>
    </message>
    <message>
        <source>Step one iteration</source>
        <translation>单步一次迭代</translation>
    </message>
    <message>
        <source>Next event</source>
        <translation>下一个事件</translation>
    </message>
    <message>
        <source>What</source>
        <translation>内容</translation>
    </message>
    <message>
        <source>Detail</source>
        <translation>详情</translation>
    </message>
    <message>
        <source>Replayed to the cursor: iteration %1, loop time %2</source>
        <translation>已重放到游标处：第 %1 次迭代，循环时间 %2</translation>
    </message>
    <message>
        <source>Live: iteration %1, loop time %2</source>
        <translation>实时：第 %1 次迭代，循环时间 %2</translation>
    </message>
    <message>
        <source> — the program has ended</source>
        <translation> — 程序已结束</translation>
    </message>
    <message>
        <source>Ready queue</source>
        <translation>就绪队列</translation>
    </message>
    <message>
        <source>%1 ready, run first-in first-out</source>
        <translation>%1 个就绪，按先进先出运行</translation>
    </message>
    <message>
        <source>Next timers</source>
        <translation>即将触发的定时器</translation>
    </message>
    <message>
        <source>%1 scheduled</source>
        <translation>已安排 %1 个</translation>
    </message>
    <message>
        <source>limit %1, value %2</source>
        <translation>限制 %1，值 %2</translation>
    </message>
    <message>
        <source>holders</source>
        <translation>持有者</translation>
    </message>
    <message>
        <source>waiters (FIFO)</source>
        <translation>等待者（FIFO）</translation>
    </message>
    <message>
        <source>Thread pool</source>
        <translation>线程池</translation>
    </message>
    <message>
        <source>%1 busy, %2 queued</source>
        <translation>%1 个忙碌，%2 个排队</translation>
    </message>
    <message>
        <source>A recorded run: its trace holds what the tasks did, not the event loop&apos;s ready queue, timers or waiters, so there is no loop to look into here. A scenario&apos;s loop can be stepped through iteration by iteration.</source>
        <translation>录制的运行：它的 trace 记录的是任务做了什么，而不是事件循环的就绪队列、定时器或等待者，所以这里没有可查看的事件循环。场景的事件循环可以一次一轮地单步查看。</translation>
    </message>
</context>
<context>
    <name>cs::ui::MainWindow</name>
    <message>
        <source>no limit</source>
        <translation>无限制</translation>
    </message>
    <message>
        <source>Semaphore(%1) per task</source>
        <translation>每个任务一个 Semaphore(%1)</translation>
    </message>
    <message>
        <source>Queue + %1 workers</source>
        <translation>Queue + %1 个工作者</translation>
    </message>
    <message>
        <source>manual counter (%1)</source>
        <translation>手动计数（%1）</translation>
    </message>
    <message>
        <source>chunks of %1</source>
        <translation>每批 %1 个</translation>
    </message>
    <message>
        <source>rate %1/s</source>
        <translation>速率 %1/秒</translation>
    </message>
    <message>
        <source>adaptive %1..%2</source>
        <translation>自适应 %1..%2</translation>
    </message>
    <message>
        <source>sequential await</source>
        <translation>顺序 await</translation>
    </message>
    <message>
        <source>Coroscope</source>
        <translation>Coroscope</translation>
    </message>
    <message>
        <source>Warnings (%1)</source>
        <translation>警告（%1）</translation>
    </message>
    <message>
        <source>Warnings</source>
        <translation>警告</translation>
    </message>
    <message>
        <source>Controls</source>
        <translation>控制</translation>
    </message>
    <message>
        <source>Metrics</source>
        <translation>指标</translation>
    </message>
    <message>
        <source>Results</source>
        <translation>结果</translation>
    </message>
    <message>
        <source>Loop anatomy</source>
        <translation>事件循环剖析</translation>
    </message>
    <message>
        <source>Tasks</source>
        <translation>任务</translation>
    </message>
    <message>
        <source>Lessons</source>
        <translation>课程</translation>
    </message>
    <message>
        <source>Code</source>
        <translation>代码</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;Open scenario or trace…</source>
        <translation>打开场景或跟踪(&amp;O)…</translation>
    </message>
    <message>
        <source>&amp;Import Python trace…</source>
        <translation>导入 Python 跟踪(&amp;I)…</translation>
    </message>
    <message>
        <source>Ctrl+I</source>
        <translation>Ctrl+I</translation>
    </message>
    <message>
        <source>&amp;Lessons</source>
        <translation>课程(&amp;L)</translation>
    </message>
    <message>
        <source>&amp;Examples</source>
        <translation>示例(&amp;E)</translation>
    </message>
    <message>
        <source>Save sce&amp;nario…</source>
        <translation>保存场景(&amp;N)…</translation>
    </message>
    <message>
        <source>Save &amp;trace as JSON lines…</source>
        <translation>将跟踪保存为 JSON lines(&amp;T)…</translation>
    </message>
    <message>
        <source>Ctrl+Shift+E</source>
        <translation>Ctrl+Shift+E</translation>
    </message>
    <message>
        <source>Save &amp;screenshot…</source>
        <translation>保存截图(&amp;S)…</translation>
    </message>
    <message>
        <source>Ctrl+Shift+S</source>
        <translation>Ctrl+Shift+S</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>视图(&amp;V)</translation>
    </message>
    <message>
        <source>&amp;Fit	F</source>
        <translation>适应窗口(&amp;F)	F</translation>
    </message>
    <message>
        <source>Zoom &amp;in	W</source>
        <translation>放大(&amp;I)	W</translation>
    </message>
    <message>
        <source>Zoom &amp;out	S</source>
        <translation>缩小(&amp;O)	S</translation>
    </message>
    <message>
        <source>Zoom &amp;back	Backspace</source>
        <translation>返回上次缩放(&amp;B)	Backspace</translation>
    </message>
    <message>
        <source>&amp;Presentation mode</source>
        <translation>演示模式(&amp;P)</translation>
    </message>
    <message>
        <source>&amp;Language</source>
        <translation>语言(&amp;L)</translation>
    </message>
    <message>
        <source>Follow the system</source>
        <translation>跟随系统</translation>
    </message>
    <message>
        <source>&amp;Run</source>
        <translation>运行(&amp;R)</translation>
    </message>
    <message>
        <source>&amp;Play / pause</source>
        <translation>播放 / 暂停(&amp;P)</translation>
    </message>
    <message>
        <source>&amp;Restart</source>
        <translation>重新开始(&amp;R)</translation>
    </message>
    <message>
        <source>&amp;Step one loop iteration</source>
        <translation>单步执行一次循环迭代(&amp;S)</translation>
    </message>
    <message>
        <source>Step to the next &amp;event</source>
        <translation>运行到下一个事件(&amp;E)</translation>
    </message>
    <message>
        <source>&amp;Faster</source>
        <translation>加快(&amp;F)</translation>
    </message>
    <message>
        <source>S&amp;lower</source>
        <translation>减慢(&amp;L)</translation>
    </message>
    <message>
        <source>Back to l&amp;ive</source>
        <translation>回到实时(&amp;I)</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <source>&amp;Keys and mouse</source>
        <translation>按键与鼠标(&amp;K)</translation>
    </message>
    <message>
        <source>&amp;About Coroscope</source>
        <translation>关于 Coroscope(&amp;A)</translation>
    </message>
    <message>
        <source>About Coroscope</source>
        <translation>关于 Coroscope</translation>
    </message>
    <message>
        <source>&lt;h3&gt;Coroscope&lt;/h3&gt;&lt;p&gt;Runs small asyncio programs on a virtual clock with CPython 3.11&apos;s exact scheduling and shows every task live.&lt;/p&gt;</source>
        <translation>&lt;h3&gt;Coroscope&lt;/h3&gt;&lt;p&gt;在虚拟时钟上按 CPython 3.11 的精确调度运行小型 asyncio 程序，并实时显示每个任务。&lt;/p&gt;</translation>
    </message>
    <message>
        <source>Cannot read %1: %2</source>
        <translation>无法读取 %1：%2</translation>
    </message>
    <message>
        <source>%1 is not a valid scenario:
%2</source>
        <translation>%1 不是有效的场景：
%2</translation>
    </message>
    <message>
        <source>Untitled scenario</source>
        <translation>未命名场景</translation>
    </message>
    <message>
        <source>1 task</source>
        <translation>1 个任务</translation>
    </message>
    <message>
        <source>%L1 tasks</source>
        <translation>%L1 个任务</translation>
    </message>
    <message>
        <source> + 1 inner task of wait_for</source>
        <translation> + 1 个 wait_for 内部任务</translation>
    </message>
    <message>
        <source> + %L1 inner tasks of wait_for</source>
        <translation> + %L1 个 wait_for 内部任务</translation>
    </message>
    <message>
        <source> · live resizes recorded: %1</source>
        <translation> · 已记录的实时调整：%1 次</translation>
    </message>
    <message>
        <source>%1 — Coroscope</source>
        <translation>%1 — Coroscope</translation>
    </message>
    <message>
        <source>Rewound to %1 — press L or Play to go back to live</source>
        <translation>已倒回到 %1 — 按 L 或“播放”回到实时</translation>
    </message>
    <message>
        <source> · 1 warning (View ▸ Warnings)</source>
        <translation> · 1 条警告（视图 ▸ 警告）</translation>
    </message>
    <message>
        <source> · %1 warnings (View ▸ Warnings)</source>
        <translation> · %1 条警告（视图 ▸ 警告）</translation>
    </message>
    <message>
        <source>Deadlocked at %1: every task waits, and a real run would hang here</source>
        <translation>在 %1 死锁：每个任务都在等待，真实运行会一直卡在这里</translation>
    </message>
    <message>
        <source>Finished at %1</source>
        <translation>结束于 %1</translation>
    </message>
    <message>
        <source>Playing</source>
        <translation>播放中</translation>
    </message>
    <message>
        <source>Paused</source>
        <translation>已暂停</translation>
    </message>
    <message>
        <source>speed %1×</source>
        <translation>速度 %1×</translation>
    </message>
    <message>
        <source>%L1 events</source>
        <translation>%L1 个事件</translation>
    </message>
    <message>
        <source>%1 fps</source>
        <translation>%1 帧/秒</translation>
    </message>
    <message>
        <source>Keys and mouse</source>
        <translation>按键与鼠标</translation>
    </message>
    <message>
        <source>Save screenshot</source>
        <translation>保存截图</translation>
    </message>
    <message>
        <source>PNG images (*.png)</source>
        <translation>PNG 图像 (*.png)</translation>
    </message>
    <message>
        <source>Could not save %1</source>
        <translation>无法保存 %1</translation>
    </message>
    <message>
        <source>Save trace</source>
        <translation>保存跟踪</translation>
    </message>
    <message>
        <source>JSON lines (*.jsonl)</source>
        <translation>JSON lines (*.jsonl)</translation>
    </message>
    <message>
        <source>Limit lab</source>
        <translation>限流实验室</translation>
    </message>
    <message>
        <source>There is no lesson %1: the lessons are numbered 1 to %2 in teaching order.</source>
        <translation>没有第 %1 课：课程按教学顺序编号为 1 到 %2。</translation>
    </message>
    <message>
        <source>No lesson named %1 (an example? use --example).</source>
        <translation>没有名为 %1 的课程（如果是示例，请使用 --example）。</translation>
    </message>
    <message>
        <source>No bundled example named %1. The examples: %2.</source>
        <translation>没有名为 %1 的内置示例。可用示例：%2。</translation>
    </message>
    <message>
        <source>%1 cannot be run here:
%2</source>
        <translation>%1 无法在这里运行：
%2</translation>
    </message>
    <message>
        <source>limit %1 (recorded)</source>
        <translation>限制 %1（记录所得）</translation>
    </message>
    <message>
        <source>recorded program</source>
        <translation>记录的程序</translation>
    </message>
    <message>
        <source>Edit and run a pro&amp;gram…</source>
        <translation>编辑并运行程序(&amp;G)…</translation>
    </message>
    <message>
        <source>Send a sig&amp;nal to the program…</source>
        <translation>向程序发送信号(&amp;N)…</translation>
    </message>
    <message>
        <source>1 collector call</source>
        <translation>1 次收集调用</translation>
    </message>
    <message>
        <source>%L1 collector calls</source>
        <translation>%L1 次收集调用</translation>
    </message>
    <message>
        <source>no collector call returned</source>
        <translation>没有任何收集调用返回</translation>
    </message>
    <message>
        <source>%L1 semaphores and locks (recorded)</source>
        <translation>%L1 个信号量和锁（记录所得）</translation>
    </message>
    <message>
        <source>Partial run: shown up to %1, its last event</source>
        <translation>不完整的运行：显示到 %1，即它的最后一个事件</translation>
    </message>
    <message>
        <source>1 event</source>
        <translation>1 个事件</translation>
    </message>
    <message>
        <source>%1 %2</source>
        <translation>%1 %2</translation>
    </message>
    <message>
        <source> · thread pool of %L1</source>
        <translation> · 线程池 %L1 个线程</translation>
    </message>
    <message>
        <source> · process pool of %L1</source>
        <translation> · 进程池 %L1 个进程</translation>
    </message>
    <message>
        <source> + 1 queue worker</source>
        <translation> + 1 个队列工作者</translation>
    </message>
    <message>
        <source> + %L1 queue workers</source>
        <translation> + %L1 个队列工作者</translation>
    </message>
    <message>
        <source>rate %1/s, at most %2 at once</source>
        <translation>速率 %1/秒，同时最多 %2 个</translation>
    </message>
    <message>
        <source>%1, then the pending are cancelled</source>
        <translation>%1，随后取消未完成的任务</translation>
    </message>
    <message>
        <source> + 1 pool object never borrowed</source>
        <translation> + 1 个从未被借用的池中对象</translation>
    </message>
    <message>
        <source> + %L1 pool objects never borrowed</source>
        <translation> + %L1 个从未被借用的池中对象</translation>
    </message>
</context>
<context>
    <name>cs::ui::MetricsPanel</name>
    <message>
        <source>In flight</source>
        <translation>进行中</translation>
    </message>
    <message>
        <source>Waiting</source>
        <translation>等待中</translation>
    </message>
    <message>
        <source>latency p50</source>
        <translation>延迟 p50</translation>
    </message>
    <message>
        <source>latency p95</source>
        <translation>延迟 p95</translation>
    </message>
    <message>
        <source>done per second</source>
        <translation>每秒完成数</translation>
    </message>
    <message>
        <source>Tasks done in the last %1</source>
        <translation>最近 %1 内完成的任务</translation>
    </message>
    <message>
        <source>Done %L1 · failed %L2 · cancelled %L3 of %L4 tasks</source>
        <translation>%L4 个任务中：完成 %L1 · 失败 %L2 · 取消 %L3</translation>
    </message>
    <message>
        <source>Latency (request → end): p50 %1 · p95 %2 · p99 %3</source>
        <translation>延迟（请求 → 结束）：p50 %1 · p95 %2 · p99 %3</translation>
    </message>
    <message>
        <source>Little&apos;s law: L = %1 tasks in the system on average; λW = %2/s × %3 = %4 %5</source>
        <translation>利特尔法则：L = 系统内平均 %1 个任务；λW = %2/秒 × %3 = %4 %5</translation>
    </message>
    <message>
        <source>✓ agrees</source>
        <translation>✓ 吻合</translation>
    </message>
    <message>
        <source>(differs while tasks are still in the system)</source>
        <translation>（仍有任务在系统内时会有差异）</translation>
    </message>
    <message>
        <source>Little&apos;s law: L = λW (needs finished tasks)</source>
        <translation>利特尔法则：L = λW（需要已完成的任务）</translation>
    </message>
    <message>
        <source>ok</source>
        <translation>成功</translation>
    </message>
    <message>
        <source>raised %1</source>
        <translation>抛出 %1</translation>
    </message>
    <message>
        <source>deadlock</source>
        <translation>死锁</translation>
    </message>
    <message>
        <source>Finished: makespan %1, throughput %2 /s, outcome %3, %L4 events</source>
        <translation>已结束：总耗时 %1，吞吐量 %2 /秒，结果 %3，%L4 个事件</translation>
    </message>
    <message>
        <source>tasks done per second</source>
        <translation>每秒完成的任务数</translation>
    </message>
    <message>
        <source>Not finished yet: %L1 events so far</source>
        <translation>尚未结束：目前 %L1 个事件</translation>
    </message>
    <message>
        <source>Recent throughput</source>
        <translation>近期吞吐量</translation>
    </message>
    <message>
        <source>Partial run: the trace stops at %1 without an end line, after %L2 events; the numbers above are the run&apos;s up to there</source>
        <translation>不完整的运行：trace 在 %1 停止，没有 end 行，共 %L2 个事件；上面的数字是到那里为止的运行数据</translation>
    </message>
    <message>
        <source>Not finished yet: 1 event so far</source>
        <translation>尚未结束：目前 1 个事件</translation>
    </message>
    <message>
        <source>%1 (s)</source>
        <translation>%1（秒）</translation>
    </message>
    <message>
        <source>Latency (request → end): no task asked for a permit</source>
        <translation>延迟（请求 → 结束）：没有任务请求过许可</translation>
    </message>
    <message>
        <source>Latency (request → end): no task done yet</source>
        <translation>延迟（请求 → 结束）：尚无任务完成</translation>
    </message>
    <message>
        <source>Little&apos;s law: L = λW (needs tasks that ask for a permit)</source>
        <translation>利特尔法则：L = λW（需要请求许可的任务）</translation>
    </message>
    <message>
        <source>Latency (request → end): none, no task ended done (failed and cancelled tasks are not counted)</source>
        <translation>延迟（请求 → 结束）：无，没有任务以完成结束（失败和取消的任务不计入）</translation>
    </message>
    <message>
        <source>Each point: the tasks done in the %1 before it (in the first %1, since the start). Left axis, seconds: %2 · %3. Right axis: %4</source>
        <translation>每个点：此前 %1 内完成的任务（最初的 %1 内：自开始以来）。左轴（秒）：%2 · %3。右轴：%4</translation>
    </message>
    <message>
        <source>Done %L1 · failed %L2 · cancelled %L3 of 1 task</source>
        <translation>1 个任务中：完成 %L1 · 失败 %L2 · 取消 %L3</translation>
    </message>
    <message>
        <source>Latency (request → end): none, the run has no task (main() did it all)</source>
        <translation>延迟（请求 → 结束）：无，本次运行没有任务（全部由 main() 完成）</translation>
    </message>
    <message>
        <source>1 job still in the queue</source>
        <translation>队列中还有 1 个作业</translation>
    </message>
    <message>
        <source>%L1 jobs still in the queue</source>
        <translation>队列中还有 %L1 个作业</translation>
    </message>
    <message>
        <source>Time in the queue (put → a worker takes it): no job taken yet; %1</source>
        <translation>在队列中的时间（put → 工作者取走）：还没有作业被取走；%1</translation>
    </message>
    <message>
        <source>Time in the queue (put → a worker takes it): no job yet</source>
        <translation>在队列中的时间（put → 工作者取走）：还没有作业</translation>
    </message>
    <message>
        <source>Time in the queue (put → a worker takes it): p50 %1 · longest %2; %3</source>
        <translation>在队列中的时间（put → 工作者取走）：p50 %1 · 最长 %2；%3</translation>
    </message>
    <message>
        <source>Time in the queue (put → a worker takes it): p50 %1 · longest %2</source>
        <translation>在队列中的时间（put → 工作者取走）：p50 %1 · 最长 %2</translation>
    </message>
    <message>
        <source>A Queue&apos;s job waits in the queue from its put() until a worker&apos;s get() takes it. Its latency starts there, when a worker takes it: this is the wait before.</source>
        <translation>Queue 的作业从 put() 起在队列中等待，直到某个工作者的 get() 取走它。它的延迟从那时（工作者取走它）开始算：这里是之前的等待。</translation>
    </message>
    <message>
        <source>Latency (a worker takes it → end): p50 %1 · p95 %2 · p99 %3</source>
        <translation>延迟（工作者取走 → 结束）：p50 %1 · p95 %2 · p99 %3</translation>
    </message>
    <message>
        <source>Latency (a worker takes it → end): none, no job ended done (failed and cancelled jobs are not counted)</source>
        <translation>延迟（工作者取走 → 结束）：无，没有工作以完成结束（失败和取消的工作不计入）</translation>
    </message>
    <message>
        <source>Latency (a worker takes it → end): no job done yet</source>
        <translation>延迟（工作者取走 → 结束）：尚无工作完成</translation>
    </message>
    <message>
        <source>Little&apos;s law: the average number of tasks in the system (L) equals the rate at which they complete (λ) times the average time each spends in it (W). It holds for any run once it has emptied. λ and W count every task that ended, done, failed, cancelled or garbage-collected while pending; the throughput counts the tasks done, and the latency percentiles the tasks that ended done: with failures they differ.</source>
        <translation>利特尔法则：系统内的平均任务数（L）等于任务完成的速率（λ）乘以每个任务在系统内的平均停留时间（W）。任何运行在系统清空后都满足该法则。λ 和 W 计入每个结束的任务（完成、失败、取消，或未完成时被垃圾回收）；吞吐量只计完成的任务，延迟百分位数只计以完成结束的任务：有失败时三者不同。</translation>
    </message>
    <message>
        <source>; destroyed while pending (garbage-collected): %L1</source>
        <translation>；未完成时被销毁（被垃圾回收）：%L1</translation>
    </message>
</context>
<context>
    <name>cs::ui::OverlayPass</name>
    <message>
        <source>now %1</source>
        <translation>现在 %1</translation>
    </message>
</context>
<context>
    <name>cs::ui::ProgramEditor</name>
    <message>
        <source>Cannot start %1: %2</source>
        <translation>无法启动 %1：%2</translation>
    </message>
    <message>
        <source>Run</source>
        <translation>运行</translation>
    </message>
    <message>
        <source>Run the program on the virtual clock (Ctrl+Enter)</source>
        <translation>在虚拟时钟上运行程序（Ctrl+Enter）</translation>
    </message>
    <message>
        <source>Stop</source>
        <translation>停止</translation>
    </message>
    <message>
        <source>Open…</source>
        <translation>打开…</translation>
    </message>
    <message>
        <source>Save…</source>
        <translation>保存…</translation>
    </message>
    <message>
        <source>Generated code</source>
        <translation>生成的代码</translation>
    </message>
    <message>
        <source>Back to the program the scenario on screen denotes</source>
        <translation>回到当前场景对应的程序</translation>
    </message>
    <message>
        <source>Your program runs in CPython 3.11 on the virtual clock, with your rights, as python3 would run it.</source>
        <translation>你的程序在虚拟时钟上由 CPython 3.11 运行，使用你的权限，就像 python3 运行它一样。</translation>
    </message>
    <message>
        <source>Cannot read %1: %2</source>
        <translation>无法读取 %1：%2</translation>
    </message>
    <message>
        <source>Cannot write %1: %2</source>
        <translation>无法写入 %1：%2</translation>
    </message>
    <message>
        <source>Open a Python program</source>
        <translation>打开 Python 程序</translation>
    </message>
    <message>
        <source>Python programs (*.py);;All files (*)</source>
        <translation>Python 程序 (*.py);;所有文件 (*)</translation>
    </message>
    <message>
        <source>Save the program</source>
        <translation>保存程序</translation>
    </message>
    <message>
        <source>Python programs (*.py)</source>
        <translation>Python 程序 (*.py)</translation>
    </message>
    <message>
        <source>No python3 on PATH: programs run in CPython 3.11.</source>
        <translation>PATH 上没有 python3：程序需要 CPython 3.11 运行。</translation>
    </message>
    <message>
        <source>%1 is not a working Python interpreter.</source>
        <translation>%1 不是可用的 Python 解释器。</translation>
    </message>
    <message>
        <source>Cannot make a temporary folder for the run.</source>
        <translation>无法为这次运行创建临时文件夹。</translation>
    </message>
    <message>
        <source>The runner (coroscope_trace) is not installed beside the app.</source>
        <translation>运行器（coroscope_trace）没有安装在应用旁边。</translation>
    </message>
    <message>
        <source>Running in %1…</source>
        <translation>正在 %1 中运行…</translation>
    </message>
    <message>
        <source>coroscope: %1%2
</source>
        <translation>coroscope：%1%2
</translation>
    </message>
    <message>
        <source>warning: %1%2
</source>
        <translation>警告：%1%2
</translation>
    </message>
    <message>
        <source>Stopped before the program began.</source>
        <translation>在程序开始之前就已停止。</translation>
    </message>
    <message>
        <source>The runner ended with status %1.</source>
        <translation>运行器以状态 %1 结束。</translation>
    </message>
    <message>
        <source>Ran in %1.</source>
        <translation>已在 %1 中运行。</translation>
    </message>
    <message>
        <source>Your program, run by %1 on the virtual clock (the same trace on every run). Play replays it from the start; edit it and Run again.</source>
        <translation>你的程序，由 %1 在虚拟时钟上运行（每次运行的跟踪都相同）。播放会从头重放；修改后再点运行。</translation>
    </message>
    <message>
        <source>Signal…</source>
        <translation>信号…</translation>
    </message>
    <message>
        <source>Send the program Ctrl-C (SIGINT), SIGTERM, … at a virtual time: saved with the program as a &apos;# coroscope: signal&apos; comment line</source>
        <translation>在某个虚拟时间向程序发送 Ctrl-C（SIGINT）、SIGTERM 等信号：以 &apos;# coroscope: signal&apos; 注释行的形式随程序保存</translation>
    </message>
    <message>
        <source>%1 at %2 s</source>
        <translation>%2 秒时 %1</translation>
    </message>
    <message>
        <source>Signals sent: %1.</source>
        <translation>已发送的信号：%1。</translation>
    </message>
    <message>
        <source>Send a signal</source>
        <translation>发送信号</translation>
    </message>
    <message>
        <source>Ctrl-C (SIGINT)</source>
        <translation>Ctrl-C（SIGINT）</translation>
    </message>
    <message>
        <source>SIGTERM (a service manager&apos;s stop)</source>
        <translation>SIGTERM（服务管理器的停止）</translation>
    </message>
    <message>
        <source> s</source>
        <translation> 秒</translation>
    </message>
    <message>
        <source>Signal:</source>
        <translation>信号：</translation>
    </message>
    <message>
        <source>At virtual time:</source>
        <translation>虚拟时间：</translation>
    </message>
    <message>
        <source>Saved with the program as a comment line the runner reads; delete the line to stop sending it. The program&apos;s handlers (loop.add_signal_handler, signal.signal) get it at that time; without one, SIGINT raises KeyboardInterrupt and SIGTERM ends the program.</source>
        <translation>以注释行的形式随程序保存，运行器会读取它；删除这一行即不再发送。程序的处理函数（loop.add_signal_handler、signal.signal）会在那个时间收到它；没有处理函数时，SIGINT 会抛出 KeyboardInterrupt，SIGTERM 会结束程序。</translation>
    </message>
    <message>
        <source>Send and run</source>
        <translation>发送并运行</translation>
    </message>
    <message>
        <source>%1 (running)</source>
        <translation>%1（运行中）</translation>
    </message>
    <message>
        <source>Your program is running on the virtual clock: this is what it did so far; the whole run is shown when it ends.</source>
        <translation>你的程序正在虚拟时钟上运行：这里是它到目前为止做的事；运行结束后会显示完整过程。</translation>
    </message>
    <message>
        <source>Your program, run by %1 on the virtual clock with os.cpu_count() = %2 (the same trace on every run). Play replays it from the start; edit it and Run again.</source>
        <translation>你的程序，由 %1 在虚拟时钟上运行，os.cpu_count() = %2（每次运行的跟踪都相同）。播放会从头重放；修改后再点运行。</translation>
    </message>
</context>
<context>
    <name>cs::ui::ResultsModel</name>
    <message>
        <source>ok</source>
        <translation>成功</translation>
    </message>
    <message>
        <source>error</source>
        <translation>错误</translation>
    </message>
    <message>
        <source>CancelledError</source>
        <translation>CancelledError</translation>
    </message>
    <message>
        <source>%1.  task %2  →  %3   at %4</source>
        <translation>%1.  任务 %2  →  %3   于 %4</translation>
    </message>
    <message>
        <source>%1.  call %2: task %3  →  %4   at %5</source>
        <translation>%1.  第 %2 次调用：任务 %3  →  %4   于 %5</translation>
    </message>
</context>
<context>
    <name>cs::ui::ResultsPanel</name>
    <message>
        <source>In the order the caller received them:</source>
        <translation>按调用方收到的顺序：</translation>
    </message>
    <message>
        <source>The collector raised &lt;b&gt;%1&lt;/b&gt; at %2.</source>
        <translation>收集方式在 %2 抛出了 &lt;b&gt;%1&lt;/b&gt;。</translation>
    </message>
    <message>
        <source>Collected everything at %1.</source>
        <translation>在 %1 收集完全部结果。</translation>
    </message>
    <message>
        <source>Still pending when wait() returned: %1</source>
        <translation>wait() 返回时仍未完成：%1</translation>
    </message>
    <message>
        <source>ok</source>
        <translation>成功</translation>
    </message>
    <message>
        <source>raised %1</source>
        <translation>抛出 %1</translation>
    </message>
    <message>
        <source>deadlock</source>
        <translation>死锁</translation>
    </message>
    <message>
        <source>Program ended at %1: %2.</source>
        <translation>程序结束于 %1：%2。</translation>
    </message>
    <message>
        <source>A recorded program: its trace does not say what main() received.</source>
        <translation>录制的程序：它的跟踪没有记录 main() 收到了什么。</translation>
    </message>
    <message>
        <source>Results %1 and %2 (tasks %3 and %4) come from tasks that ended at the same virtual instant: their order is the event loop&apos;s. On a real clock the two ends would be microseconds apart, and that could swap them.</source>
        <translation>第 %1 和第 %2 个结果（任务 %3 和 %4）来自在同一虚拟时刻结束的任务：它们的先后是事件循环定的。在真实时钟上，两者的结束会相差几微秒，顺序可能对调。</translation>
    </message>
    <message>
        <source>%L1 results come from tasks that ended at the same virtual instant as the one before them (the first: results %2 and %3, tasks %4 and %5): their order is the event loop&apos;s. On a real clock those ends would be microseconds apart, and that could change the order.</source>
        <translation>有 %L1 个结果来自与前一个结果在同一虚拟时刻结束的任务（第一处：第 %2 和第 %3 个结果，任务 %4 和 %5）：它们的先后是事件循环定的。在真实时钟上，这些结束会相差几微秒，顺序可能改变。</translation>
    </message>
    <message>
        <source>Call %1 returned tasks %2 and %3 together: they ended at the same virtual instant. On a real clock their ends would be apart by the time it took to start each, and wait(FIRST_COMPLETED) could then return only the first of them.</source>
        <translation>第 %1 次调用一起返回了任务 %2 和 %3：它们在同一虚拟时刻结束。在真实时钟上，两者的结束会相差各自启动所花的时间，wait(FIRST_COMPLETED) 就可能只返回先结束的那一个。</translation>
    </message>
    <message>
        <source>%L1 times a call returned tasks that ended at the same virtual instant together (the first: call %2, tasks %3 and %4). On a real clock those ends would be apart by the time it took to start each, and wait(FIRST_COMPLETED) could then return only the first of them.</source>
        <translation>有 %L1 次，一次调用一起返回了在同一虚拟时刻结束的任务（第一处：第 %2 次调用，任务 %3 和 %4）。在真实时钟上，这些结束会相差各自启动所花的时间，wait(FIRST_COMPLETED) 就可能只返回先结束的那一个。</translation>
    </message>
    <message>
        <source>The collector returned at %1, before every task had ended.</source>
        <translation>收集方式在 %1 返回，此时并非所有任务都已结束。</translation>
    </message>
</context>
<context>
    <name>cs::ui::RunnerWords</name>
    <message>
        <source>too long in real time</source>
        <translation>真实时间过长</translation>
    </message>
    <message>
        <source>the loop spun without the clock moving</source>
        <translation>事件循环空转，时钟不再前进</translation>
    </message>
    <message>
        <source>past the virtual time limit</source>
        <translation>超过虚拟时间上限</translation>
    </message>
    <message>
        <source>out of memory</source>
        <translation>内存耗尽</translation>
    </message>
    <message>
        <source>too much output</source>
        <translation>输出过多</translation>
    </message>
    <message>
        <source>real I/O</source>
        <translation>真实 I/O</translation>
    </message>
    <message>
        <source>an event loop the virtual clock cannot run</source>
        <translation>虚拟时钟无法运行的事件循环</translation>
    </message>
    <message>
        <source>a blocking call</source>
        <translation>阻塞调用</translation>
    </message>
    <message>
        <source>a deadlock</source>
        <translation>死锁</translation>
    </message>
    <message>
        <source>a signal</source>
        <translation>信号</translation>
    </message>
    <message>
        <source>asked to stop</source>
        <translation>被要求停止</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1：%2</translation>
    </message>
    <message>
        <source>%1: </source>
        <translation>%1：</translation>
    </message>
    <message>
        <source>%1stopped: %2</source>
        <translation>%1已停止：%2</translation>
    </message>
    <message>
        <source>%1stopped (%2): %3</source>
        <translation>%1已停止（%2）：%3</translation>
    </message>
    <message>
        <source>the Python process was killed by %1</source>
        <translation>Python 进程被 %1 终止</translation>
    </message>
    <message>
        <source>the Python process ended with status %1</source>
        <translation>Python 进程以状态 %1 结束</translation>
    </message>
    <message>
        <source>the Python process ended</source>
        <translation>Python 进程结束了</translation>
    </message>
    <message>
        <source>%1stopped: %2 before the program ended (the trace has no &quot;end&quot; line: the run up to its last line)</source>
        <translation>%1已停止：程序结束之前，%2（跟踪没有 &quot;end&quot; 行：显示到它最后一行为止的运行）</translation>
    </message>
    <message>
        <source>the process exited</source>
        <translation>进程退出</translation>
    </message>
</context>
<context>
    <name>cs::ui::StatePalette</name>
    <message>
        <source>not started</source>
        <translation>未开始</translation>
    </message>
    <message>
        <source>arriving</source>
        <translation>到达前</translation>
    </message>
    <message>
        <source>waiting for a permit</source>
        <translation>等待许可</translation>
    </message>
    <message>
        <source>running</source>
        <translation>运行中</translation>
    </message>
    <message>
        <source>in the thread pool</source>
        <translation>在线程池中</translation>
    </message>
    <message>
        <source>blocking the loop</source>
        <translation>阻塞事件循环</translation>
    </message>
    <message>
        <source>frozen by another task</source>
        <translation>被其他任务冻结</translation>
    </message>
    <message>
        <source>done</source>
        <translation>完成</translation>
    </message>
    <message>
        <source>failed</source>
        <translation>失败</translation>
    </message>
    <message>
        <source>cancelled</source>
        <translation>已取消</translation>
    </message>
    <message>
        <source>queued</source>
        <translation>排队中</translation>
    </message>
    <message>
        <source>in the process pool</source>
        <translation>在进程池中</translation>
    </message>
    <message>
        <source>waiting for a free worker in the pool</source>
        <translation>在池中排队，等空闲的工作者</translation>
    </message>
    <message>
        <source>running without a permit</source>
        <translation>运行中（未持许可）</translation>
    </message>
    <message>
        <source>destroyed while pending (garbage-collected)</source>
        <translation>未完成时被销毁（被垃圾回收）</translation>
    </message>
    <message>
        <source>running, no permit asked yet</source>
        <translation>运行中，尚未请求许可</translation>
    </message>
    <message>
        <source>holding a permit, waiting for its start slot</source>
        <translation>持有许可，等待启动时间槽</translation>
    </message>
    <message>
        <source>waiting for its start slot</source>
        <translation>等待启动时间槽</translation>
    </message>
    <message>
        <source>waiting in get() for a free object of the pool</source>
        <translation>在 get() 中等待池里的空闲对象</translation>
    </message>
    <message>
        <source>waiting in get() for an item (idle)</source>
        <translation>在 get() 中等待条目（空闲）</translation>
    </message>
    <message>
        <source>waiting in put() for room in the queue</source>
        <translation>在 put() 中等待队列空位</translation>
    </message>
</context>
<context>
    <name>cs::ui::SweepTableModel</name>
    <message>
        <source>Recommended: the smallest value within 5% of the best throughput with an error rate below 1%</source>
        <translation>推荐值：吞吐量不低于最佳值 95% 且错误率低于 1% 的最小取值</translation>
    </message>
    <message>
        <source>…</source>
        <translation>…</translation>
    </message>
    <message>
        <source>Tasks that ended done ÷ makespan (spec §5)</source>
        <translation>成功结束的任务数 ÷ 总耗时（规范 §5）</translation>
    </message>
    <message>
        <source>Time-average of tasks between running and their end</source>
        <translation>从运行到结束之间任务数的时间平均</translation>
    </message>
    <message>
        <source>L: time-average of tasks between request and their end (waiting + in flight)</source>
        <translation>L：从请求到结束之间任务数的时间平均（等待中 + 进行中）</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>取值</translation>
    </message>
    <message>
        <source>Throughput /s</source>
        <translation>吞吐量 /秒</translation>
    </message>
    <message>
        <source>p50 s</source>
        <translation>p50 秒</translation>
    </message>
    <message>
        <source>p95 s</source>
        <translation>p95 秒</translation>
    </message>
    <message>
        <source>p99 s</source>
        <translation>p99 秒</translation>
    </message>
    <message>
        <source>OK</source>
        <translation>成功</translation>
    </message>
    <message>
        <source>Failed</source>
        <translation>失败</translation>
    </message>
    <message>
        <source>Cancelled</source>
        <translation>已取消</translation>
    </message>
    <message>
        <source>Errors</source>
        <translation>错误</translation>
    </message>
    <message>
        <source>Peak in flight</source>
        <translation>峰值进行中</translation>
    </message>
    <message>
        <source>Mean in flight</source>
        <translation>平均进行中</translation>
    </message>
    <message>
        <source>L</source>
        <translation>L</translation>
    </message>
    <message>
        <source>λ·W</source>
        <translation>λ·W</translation>
    </message>
    <message>
        <source>Little&apos;s law: L (time-average of tasks between request and their end) = λ·W (λ: the rate tasks ended, done, failed or cancelled; W: their mean time from request to end). Equal once every task has ended, failures or not.</source>
        <translation>利特尔定律：L（从请求到结束之间的任务数的时间平均）= λ·W（λ：任务结束的速率，完成、失败或取消都算；W：它们从请求到结束的平均时间）。所有任务都结束后两者相等，不论有没有失败。</translation>
    </message>
    <message>
        <source>Latency (request → end) of tasks that ended done, seconds</source>
        <translation>以完成结束的任务的延迟（请求 → 结束），秒</translation>
    </message>
    <message>
        <source>λ·W: the rate tasks ended (any way) × their mean time from request to end</source>
        <translation>λ·W：任务结束（任何方式）的速率 × 它们从请求到结束的平均时间</translation>
    </message>
</context>
<context>
    <name>cs::ui::TaskStory</name>
    <message>
        <source>&lt;b&gt;task %1&lt;/b&gt; has not started at %2.</source>
        <translation>&lt;b&gt;任务 %1&lt;/b&gt; 在 %2 时尚未开始。</translation>
    </message>
    <message>
        <source>created %1</source>
        <translation>%1 创建</translation>
    </message>
    <message>
        <source>got it %1</source>
        <translation>%1 获得许可</translation>
    </message>
    <message>
        <source> when task %1 released it</source>
        <translation>，由任务 %1 释放而来</translation>
    </message>
    <message>
        <source> when the limit grew</source>
        <translation>，因限制调大而获得</translation>
    </message>
    <message>
        <source>…</source>
        <translation>…</translation>
    </message>
    <message>
        <source>blocked the loop %1–%2</source>
        <translation>%1–%2 阻塞事件循环</translation>
    </message>
    <message>
        <source>in the thread pool %1–%2</source>
        <translation>%1–%2 在线程池中</translation>
    </message>
    <message>
        <source>done %1</source>
        <translation>%1 完成</translation>
    </message>
    <message>
        <source>failed %1</source>
        <translation>%1 失败</translation>
    </message>
    <message>
        <source>cancelled %1</source>
        <translation>%1 被取消</translation>
    </message>
    <message>
        <source> after swallowing CancelledError</source>
        <translation>，此前吞掉了 CancelledError</translation>
    </message>
    <message>
        <source>its job ran on in the pool until %1</source>
        <translation>它在池中的作业继续运行到 %1</translation>
    </message>
    <message>
        <source>its job still runs in the pool</source>
        <translation>它在池中的作业仍在运行</translation>
    </message>
    <message>
        <source>&lt;b&gt;task %1&lt;/b&gt; at %2: %3. </source>
        <translation>&lt;b&gt;任务 %1&lt;/b&gt; 在 %2：%3。</translation>
    </message>
    <message>
        <source> by %1</source>
        <translation>（由 %1 创建）</translation>
    </message>
    <message>
        <source> by %1, as wait_for&apos;s inner task (its job is %1&apos;s)</source>
        <translation>（由 %1 创建，作为 wait_for 的内部任务；它的工作算作 %1 的）</translation>
    </message>
    <message>
        <source>in the process pool %1–%2</source>
        <translation>在进程池中 %1–%2</translation>
    </message>
    <message>
        <source> (1 other task ended at this same virtual instant; on a real clock they would be microseconds apart)</source>
        <translation>（另有 1 个任务在同一虚拟时刻结束；在真实时钟上它们会相差几微秒）</translation>
    </message>
    <message>
        <source> (%L1 other tasks ended at this same virtual instant; on a real clock they would be microseconds apart)</source>
        <translation>（另有 %L1 个任务在同一虚拟时刻结束；在真实时钟上它们会相差几微秒）</translation>
    </message>
    <message>
        <source>its job waited for a free worker in the pool&apos;s queue %1–%2</source>
        <translation>%1–%2 它的作业在池的队列中等空闲的工作者</translation>
    </message>
    <message>
        <source>stopped waiting for its job %1</source>
        <translation>%1 不再等待它的作业</translation>
    </message>
    <message>
        <source>. Waited %1, ran %2</source>
        <translation>。等待 %1，运行 %2</translation>
    </message>
    <message>
        <source>asked for a permit %1</source>
        <translation>%1 请求许可</translation>
    </message>
    <message>
        <source>asked for a permit of %1 at %2</source>
        <translation>%2 请求 %1 的许可</translation>
    </message>
    <message>
        <source>waited again for a permit %1–%2</source>
        <translation>%1–%2 再次等待许可</translation>
    </message>
    <message>
        <source>waited again for a permit of %1 from %2 to %3</source>
        <translation>%2–%3 再次等待 %1 的许可</translation>
    </message>
    <message>
        <source>its job waited on in the pool&apos;s queue until %1</source>
        <translation>它的作业在池的队列中继续等待到 %1</translation>
    </message>
    <message>
        <source>its job waited on in the pool&apos;s queue until %1, and never ran</source>
        <translation>它的作业在池的队列中继续等待到 %1，从未运行</translation>
    </message>
    <message>
        <source>its job still waits in the pool&apos;s queue</source>
        <translation>它的作业仍在池的队列中等待</translation>
    </message>
    <message>
        <source> without ever getting a permit</source>
        <translation>，始终没有拿到许可</translation>
    </message>
    <message>
        <source>gave up waiting %1</source>
        <translation>%1 放弃等待</translation>
    </message>
    <message>
        <source>its put() waited for room in the full queue %1–%2</source>
        <translation>队列已满，put() 在 %1–%2 等待空位</translation>
    </message>
    <message>
        <source>its put() waits for room in the full queue from %1</source>
        <translation>队列已满，put() 自 %1 起等待空位</translation>
    </message>
    <message>
        <source>queued %1</source>
        <translation>%1 入队</translation>
    </message>
    <message>
        <source>queued %1 by %2</source>
        <translation>%1 由 %2 放入队列</translation>
    </message>
    <message>
        <source>taken by worker %1 %2</source>
        <translation>%2 被 worker %1 取走</translation>
    </message>
    <message>
        <source>waited for a permit %1–%2</source>
        <translation>%1–%2 等待许可</translation>
    </message>
    <message>
        <source>waited for a permit of %1 from %2 to %3</source>
        <translation>%2–%3 等待 %1 的许可</translation>
    </message>
    <message>
        <source>. Queued %1, ran %2</source>
        <translation>。排队 %1，运行 %2</translation>
    </message>
    <message>
        <source> (%1 of it waiting for a permit)</source>
        <translation>（其中 %1 为等待许可）</translation>
    </message>
    <message>
        <source>ran on without a permit %1–%2</source>
        <translation>%1–%2 未持许可继续运行</translation>
    </message>
    <message>
        <source>%1 %2–%3</source>
        <translation>%1 %2–%3</translation>
    </message>
    <message>
        <source>%1 from %2, still waiting</source>
        <translation>%1 自 %2 起，仍在等待</translation>
    </message>
    <message>
        <source> Its put() waited for room in the full queue: %1.</source>
        <translation> 队列已满，它的 put() 等待空位：%1。</translation>
    </message>
    <message>
        <source>&lt;b&gt;task %1&lt;/b&gt;: its put() waited for room in the full queue %2–%3 and was cancelled; it never entered the queue.</source>
        <translation>&lt;b&gt;任务 %1&lt;/b&gt;：队列已满，put() 在 %2–%3 等待空位，随后被取消；它从未进入队列。</translation>
    </message>
    <message>
        <source>%1 %2–%3, cancelled</source>
        <translation>%1 %2–%3，已取消</translation>
    </message>
    <message>
        <source>destroyed %1: asyncio garbage-collected it while it was still pending (nothing held a reference to the task: &quot;Task was destroyed but it is pending!&quot;)</source>
        <translation>%1 被销毁：它还未完成时就被 asyncio 垃圾回收了（没有任何地方持有这个任务的引用：&quot;Task was destroyed but it is pending!&quot;）</translation>
    </message>
    <message>
        <source>. Ran %1 so far, no permit asked yet</source>
        <translation>。至今已运行 %1，尚未请求许可</translation>
    </message>
    <message>
        <source>. Ran %1 before it asked for a permit, then waited %2 and ran %3</source>
        <translation>。请求许可前运行了 %1，之后等待 %2、运行 %3</translation>
    </message>
    <message>
        <source>its turn came %1</source>
        <translation>%1 轮到它</translation>
    </message>
    <message>
        <source>waited for its start slot holding it, started %1</source>
        <translation>持有许可等待启动时间槽，%1 启动</translation>
    </message>
    <message>
        <source>waited for its start slot, started %1</source>
        <translation>等待启动时间槽，%1 启动</translation>
    </message>
    <message>
        <source>waits for its start slot holding it</source>
        <translation>持有许可，正在等待启动时间槽</translation>
    </message>
    <message>
        <source>waits for its start slot</source>
        <translation>正在等待启动时间槽</translation>
    </message>
    <message>
        <source>. Waited %1 (%2 of it for its start slot, holding its permit), ran %3</source>
        <translation>。等待 %1（其中 %2 是持有许可等待启动时间槽），运行 %3</translation>
    </message>
    <message>
        <source>. Waited %1 (%2 of it for its start slot), ran %3</source>
        <translation>。等待 %1（其中 %2 是等待启动时间槽），运行 %3</translation>
    </message>
    <message>
        <source>waited in get() for a free object of the pool %1–%2</source>
        <translation>在 get() 中等待池里的空闲对象 %1–%2</translation>
    </message>
    <message>
        <source>waited in get() for an item %1–%2</source>
        <translation>在 get() 中等待条目 %1–%2</translation>
    </message>
    <message>
        <source>its job waited for a free worker in the pool&apos;s queue %1–%2 and never ran: its await was cancelled first, and the pool drops a cancelled job before a worker takes it</source>
        <translation>%1–%2 它的作业在池的队列中等空闲的工作者，却从未运行：它的 await 先被取消了，而池会在工作者取走之前丢弃已取消的作业</translation>
    </message>
    <message>
        <source> (all of it with its job waiting for a free worker in the pool&apos;s queue)</source>
        <translation>（全部是它的作业在池的队列中等空闲的工作者）</translation>
    </message>
    <message>
        <source> (%1 of it with its job waiting for a free worker in the pool&apos;s queue)</source>
        <translation>（其中 %1 是它的作业在池的队列中等空闲的工作者）</translation>
    </message>
</context>
<context>
    <name>cs::ui::TaskTableModel</name>
    <message>
        <source>ok (swallowed cancel)</source>
        <translation>成功（吞掉了取消）</translation>
    </message>
    <message>
        <source>ok</source>
        <translation>成功</translation>
    </message>
    <message>
        <source>failed</source>
        <translation>失败</translation>
    </message>
    <message>
        <source>cancelled</source>
        <translation>已取消</translation>
    </message>
    <message>
        <source>Task</source>
        <translation>任务</translation>
    </message>
    <message>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Created</source>
        <translation>创建时间</translation>
    </message>
    <message>
        <source>Waited</source>
        <translation>等待</translation>
    </message>
    <message>
        <source>Ran</source>
        <translation>运行</translation>
    </message>
    <message>
        <source>Total</source>
        <translation>合计</translation>
    </message>
    <message>
        <source>Outcome</source>
        <translation>结果</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>destroyed (garbage-collected while pending)</source>
        <translation>已销毁（未完成时被垃圾回收）</translation>
    </message>
    <message>
        <source>Ran %1 before it asked for a permit (Ran counts from the permit)</source>
        <translation>请求许可前运行了 %1（“运行”从拿到许可时算起）</translation>
    </message>
    <message>
        <source>Ran %1 so far, no permit asked yet (Ran counts from a permit)</source>
        <translation>至今已运行 %1，尚未请求许可（“运行”从拿到许可时算起）</translation>
    </message>
    <message>
        <source>Of Ran, %1 waiting for a permit again (Waited is its first wait only)</source>
        <translation>“运行”中有 %1 是再次等待许可（“等待”只算第一次等待）</translation>
    </message>
    <message>
        <source>Of Waited, %1 waiting for its start slot, holding its permit</source>
        <translation>“等待”中有 %1 是持有许可等待启动时间槽</translation>
    </message>
    <message>
        <source>Of Waited, %1 waiting for its start slot</source>
        <translation>“等待”中有 %1 是等待启动时间槽</translation>
    </message>
</context>
<context>
    <name>cs::ui::TasksPanel</name>
    <message>
        <source>Click a lane or a row to follow one task.</source>
        <translation>点击一条泳道或一行，即可跟踪一个任务。</translation>
    </message>
    <message>
        <source>Filter: state, outcome, task id or name (e.g. waiting, ValueError, 12)</source>
        <translation>筛选：状态、结果、任务 ID 或名称（例如 等待许可、ValueError、12）</translation>
    </message>
</context>
<context>
    <name>cs::ui::TimelineModel</name>
    <message>
        <source>Barrier&apos;s lock</source>
        <translation>Barrier 的锁</translation>
    </message>
    <message>
        <source>%1, line %2</source>
        <translation>%1，第 %2 行</translation>
    </message>
    <message>
        <source> (%1 of it waiting again for a permit)</source>
        <translation>（其中 %1 为再次等待许可）</translation>
    </message>
    <message>
        <source>, holding a permit of %1</source>
        <translation>，同时持有一个许可（%1）</translation>
    </message>
</context>
<context>
    <name>cs::ui::TimelineView</name>
    <message>
        <source>&lt;table cellspacing=6&gt;&lt;tr&gt;&lt;td&gt;&lt;b&gt;W&lt;/b&gt; / &lt;b&gt;S&lt;/b&gt;&lt;/td&gt;&lt;td&gt;zoom in / out&lt;/td&gt;&lt;/tr&gt;&lt;tr&gt;&lt;td&gt;&lt;b&gt;A&lt;/b&gt; / &lt;b&gt;D&lt;/b&gt;&lt;/td&gt;&lt;td&gt;pan left / right&lt;/td&gt;&lt;/tr&gt;&lt;tr&gt;&lt;td&gt;&lt;b&gt;Ctrl&lt;/b&gt; + wheel&lt;/td&gt;&lt;td&gt;zoom at the mouse&lt;/td&gt;&lt;/tr&gt;&lt;tr&gt;&lt;td&gt;drag&lt;/td&gt;&lt;td&gt;pan&lt;/td&gt;&lt;/tr&gt;&lt;tr&gt;&lt;td&gt;drag on the ruler or the cursor&lt;/td&gt;&lt;td&gt;rewind: move the cursor&lt;/td&gt;&lt;/tr&gt;&lt;tr&gt;&lt;td&gt;&lt;b&gt;Shift&lt;/b&gt; + drag&lt;/td&gt;&lt;td&gt;select a time range&lt;/td&gt;&lt;/tr&gt;&lt;tr&gt;&lt;td&gt;&lt;b&gt;F&lt;/b&gt;&lt;/td&gt;&lt;td&gt;fit the selection, or the whole run&lt;/td&gt;&lt;/tr&gt;&lt;tr&gt;&lt;td&gt;&lt;b&gt;Backspace&lt;/b&gt;&lt;/td&gt;&lt;td&gt;back to the previous zoom&lt;/td&gt;&lt;/tr&gt;&lt;tr&gt;&lt;td&gt;&lt;b&gt;.&lt;/b&gt; / &lt;b&gt;,&lt;/b&gt;&lt;/td&gt;&lt;td&gt;next / previous event (of the selected task if any)&lt;/td&gt;&lt;/tr&gt;&lt;tr&gt;&lt;td&gt;click&lt;/td&gt;&lt;td&gt;select a task&lt;/td&gt;&lt;/tr&gt;&lt;tr&gt;&lt;td&gt;&lt;b&gt;Esc&lt;/b&gt;&lt;/td&gt;&lt;td&gt;clear selection&lt;/td&gt;&lt;/tr&gt;&lt;tr&gt;&lt;td&gt;wheel, &lt;b&gt;Up&lt;/b&gt; / &lt;b&gt;Down&lt;/b&gt;&lt;/td&gt;&lt;td&gt;scroll lanes&lt;/td&gt;&lt;/tr&gt;&lt;tr&gt;&lt;td&gt;&lt;b&gt;+&lt;/b&gt; / &lt;b&gt;-&lt;/b&gt;&lt;/td&gt;&lt;td&gt;taller / shorter lanes (&lt;b&gt;0&lt;/b&gt;: fit)&lt;/td&gt;&lt;/tr&gt;&lt;tr&gt;&lt;td&gt;&lt;b&gt;Space&lt;/b&gt;&lt;/td&gt;&lt;td&gt;play / pause&lt;/td&gt;&lt;/tr&gt;&lt;tr&gt;&lt;td&gt;&lt;b&gt;R&lt;/b&gt;&lt;/td&gt;&lt;td&gt;restart&lt;/td&gt;&lt;/tr&gt;&lt;tr&gt;&lt;td&gt;&lt;b&gt;N&lt;/b&gt; / &lt;b&gt;E&lt;/b&gt;&lt;/td&gt;&lt;td&gt;step one loop iteration / to the next event&lt;/td&gt;&lt;/tr&gt;&lt;tr&gt;&lt;td&gt;&lt;b&gt;[&lt;/b&gt; / &lt;b&gt;]&lt;/b&gt;&lt;/td&gt;&lt;td&gt;slower / faster&lt;/td&gt;&lt;/tr&gt;&lt;tr&gt;&lt;td&gt;&lt;b&gt;F11&lt;/b&gt;&lt;/td&gt;&lt;td&gt;presentation mode&lt;/td&gt;&lt;/tr&gt;&lt;tr&gt;&lt;td&gt;&lt;b&gt;?&lt;/b&gt;&lt;/td&gt;&lt;td&gt;this list&lt;/td&gt;&lt;/tr&gt;&lt;/table&gt;</source>
        <translation>&lt;table cellspacing=6&gt;&lt;tr&gt;&lt;td&gt;&lt;b&gt;W&lt;/b&gt; / &lt;b&gt;S&lt;/b&gt;&lt;/td&gt;&lt;td&gt;放大 / 缩小&lt;/td&gt;&lt;/tr&gt;&lt;tr&gt;&lt;td&gt;&lt;b&gt;A&lt;/b&gt; / &lt;b&gt;D&lt;/b&gt;&lt;/td&gt;&lt;td&gt;向左 / 向右平移&lt;/td&gt;&lt;/tr&gt;&lt;tr&gt;&lt;td&gt;&lt;b&gt;Ctrl&lt;/b&gt; + 滚轮&lt;/td&gt;&lt;td&gt;以鼠标位置为中心缩放&lt;/td&gt;&lt;/tr&gt;&lt;tr&gt;&lt;td&gt;拖动&lt;/td&gt;&lt;td&gt;平移&lt;/td&gt;&lt;/tr&gt;&lt;tr&gt;&lt;td&gt;在标尺或游标上拖动&lt;/td&gt;&lt;td&gt;倒回：移动游标&lt;/td&gt;&lt;/tr&gt;&lt;tr&gt;&lt;td&gt;&lt;b&gt;Shift&lt;/b&gt; + 拖动&lt;/td&gt;&lt;td&gt;选择时间范围&lt;/td&gt;&lt;/tr&gt;&lt;tr&gt;&lt;td&gt;&lt;b&gt;F&lt;/b&gt;&lt;/td&gt;&lt;td&gt;适应所选范围或整个运行&lt;/td&gt;&lt;/tr&gt;&lt;tr&gt;&lt;td&gt;&lt;b&gt;Backspace&lt;/b&gt;&lt;/td&gt;&lt;td&gt;返回上一次缩放&lt;/td&gt;&lt;/tr&gt;&lt;tr&gt;&lt;td&gt;&lt;b&gt;.&lt;/b&gt; / &lt;b&gt;,&lt;/b&gt;&lt;/td&gt;&lt;td&gt;下一个 / 上一个事件（若已选中任务，则为该任务的事件）&lt;/td&gt;&lt;/tr&gt;&lt;tr&gt;&lt;td&gt;单击&lt;/td&gt;&lt;td&gt;选择任务&lt;/td&gt;&lt;/tr&gt;&lt;tr&gt;&lt;td&gt;&lt;b&gt;Esc&lt;/b&gt;&lt;/td&gt;&lt;td&gt;清除选择&lt;/td&gt;&lt;/tr&gt;&lt;tr&gt;&lt;td&gt;滚轮、&lt;b&gt;Up&lt;/b&gt; / &lt;b&gt;Down&lt;/b&gt;&lt;/td&gt;&lt;td&gt;滚动泳道&lt;/td&gt;&lt;/tr&gt;&lt;tr&gt;&lt;td&gt;&lt;b&gt;+&lt;/b&gt; / &lt;b&gt;-&lt;/b&gt;&lt;/td&gt;&lt;td&gt;加高 / 降低泳道（&lt;b&gt;0&lt;/b&gt;：适应窗口）&lt;/td&gt;&lt;/tr&gt;&lt;tr&gt;&lt;td&gt;&lt;b&gt;Space&lt;/b&gt;&lt;/td&gt;&lt;td&gt;播放 / 暂停&lt;/td&gt;&lt;/tr&gt;&lt;tr&gt;&lt;td&gt;&lt;b&gt;R&lt;/b&gt;&lt;/td&gt;&lt;td&gt;重新开始&lt;/td&gt;&lt;/tr&gt;&lt;tr&gt;&lt;td&gt;&lt;b&gt;N&lt;/b&gt; / &lt;b&gt;E&lt;/b&gt;&lt;/td&gt;&lt;td&gt;单步一次循环迭代 / 运行到下一个事件&lt;/td&gt;&lt;/tr&gt;&lt;tr&gt;&lt;td&gt;&lt;b&gt;[&lt;/b&gt; / &lt;b&gt;]&lt;/b&gt;&lt;/td&gt;&lt;td&gt;减慢 / 加快&lt;/td&gt;&lt;/tr&gt;&lt;tr&gt;&lt;td&gt;&lt;b&gt;F11&lt;/b&gt;&lt;/td&gt;&lt;td&gt;演示模式&lt;/td&gt;&lt;/tr&gt;&lt;tr&gt;&lt;td&gt;&lt;b&gt;?&lt;/b&gt;&lt;/td&gt;&lt;td&gt;显示此列表&lt;/td&gt;&lt;/tr&gt;&lt;/table&gt;</translation>
    </message>
    <message>
        <source>tasks %L1–%L2 at %3</source>
        <translation>任务 %L1–%L2，于 %3</translation>
    </message>
    <message>
        <source>&lt;b&gt;task %1&lt;/b&gt; at %2: %3</source>
        <translation>&lt;b&gt;任务 %1&lt;/b&gt; 在 %2：%3</translation>
    </message>
    <message>
        <source>created</source>
        <translation>创建</translation>
    </message>
    <message>
        <source>requested a permit</source>
        <translation>请求许可</translation>
    </message>
    <message>
        <source>got it and ran</source>
        <translation>获得许可并运行</translation>
    </message>
    <message>
        <source>ended</source>
        <translation>结束</translation>
    </message>
    <message>
        <source>&lt;br&gt;waited %1, ran %2</source>
        <translation>&lt;br&gt;等待 %1，运行 %2</translation>
    </message>
    <message>
        <source>&lt;br&gt;raised %1</source>
        <translation>&lt;br&gt;抛出 %1</translation>
    </message>
    <message>
        <source>&lt;br&gt;permit released by task %1</source>
        <translation>&lt;br&gt;许可由任务 %1 释放</translation>
    </message>
    <message>
        <source>%1: %2 in use, limit %3</source>
        <translation>%1：已用 %2，限制 %3</translation>
    </message>
    <message>
        <source>%1: %2 waiting</source>
        <translation>%1：%2 个等待中</translation>
    </message>
    <message>
        <source>%1: blocked by task %2 (cpu step)</source>
        <translation>%1：被任务 %2 阻塞（cpu 步骤）</translation>
    </message>
    <message>
        <source>%1: tasks done per second</source>
        <translation>%1：每秒完成的任务数</translation>
    </message>
    <message>
        <source>%1: worker %2 runs %3</source>
        <translation>%1：工作者 %2 正在执行 %3</translation>
    </message>
    <message>
        <source>%1: worker %2 is idle</source>
        <translation>%1：工作者 %2 空闲</translation>
    </message>
    <message>
        <source>%1: main() has received %2 results</source>
        <translation>%1：main() 已收到 %2 个结果</translation>
    </message>
    <message>
        <source>%1: the counter reads %2 after %3 increments</source>
        <translation>%1：%3 次递增之后，计数器为 %2</translation>
    </message>
    <message>
        <source>%1: blocked by main() (a blocking call)</source>
        <translation>%1：被 main() 阻塞（一个阻塞调用）</translation>
    </message>
    <message>
        <source>%1: %2 in flight, awaiting timers or I/O; the loop runs their steps as they come (a tick marks each instant it ran some)</source>
        <translation>%1：%2 个进行中，等待定时器或 I/O；事件循环在它们到来时运行其步骤（每个刻度标出它运行过步骤的时刻）</translation>
    </message>
    <message>
        <source>%1: #%2 %3 holds %4 of %5 permits (the program&apos;s Semaphores and Locks are numbered in the order it made them)</source>
        <translation>%1：#%2 %3 持有 %5 个许可中的 %4 个（程序的 Semaphore 和 Lock 按创建顺序编号）</translation>
    </message>
    <message>
        <source> of %1</source>
        <translation>（%1）</translation>
    </message>
    <message>
        <source>&lt;br&gt;waits for %1 since %2</source>
        <translation>&lt;br&gt;自 %2 起等待 %1</translation>
    </message>
    <message>
        <source>&lt;br&gt;waited for %1 from %2 to %3</source>
        <translation>&lt;br&gt;%2–%3 等待 %1</translation>
    </message>
    <message>
        <source>began running</source>
        <translation>开始运行</translation>
    </message>
    <message>
        <source>&lt;br&gt;main()&apos;s own jobs in the pool: %1 running, %2 waiting for a free worker</source>
        <translation>&lt;br&gt;main() 自己交给池的作业：%1 个运行中，%2 个在排队等空闲的工作者</translation>
    </message>
    <message>
        <source>gave up waiting and ran on</source>
        <translation>放弃等待，继续运行</translation>
    </message>
    <message>
        <source>&lt;br&gt;ran %1 so far, no permit asked yet</source>
        <translation>&lt;br&gt;至今已运行 %1，尚未请求许可</translation>
    </message>
    <message>
        <source>&lt;br&gt;ran %1 before it asked for a permit, then waited %2 and ran %3</source>
        <translation>&lt;br&gt;请求许可前运行了 %1，之后等待 %2、运行 %3</translation>
    </message>
    <message>
        <source>got it, waited for its start slot</source>
        <translation>获得许可，等待启动时间槽</translation>
    </message>
    <message>
        <source>waited for its start slot</source>
        <translation>等待启动时间槽</translation>
    </message>
    <message>
        <source>began running at its slot</source>
        <translation>在它的时间槽开始运行</translation>
    </message>
    <message>
        <source>&lt;br&gt;waited %1 (%2 of it for its start slot, holding its permit), ran %3</source>
        <translation>&lt;br&gt;等待 %1（其中 %2 是持有许可等待启动时间槽），运行 %3</translation>
    </message>
    <message>
        <source>&lt;br&gt;waited %1 (%2 of it for its start slot), ran %3</source>
        <translation>&lt;br&gt;等待 %1（其中 %2 是等待启动时间槽），运行 %3</translation>
    </message>
    <message>
        <source>&lt;br&gt;a job of main()&apos;s waited in the pool&apos;s queue %1–%2 and never ran: its await was cancelled first, and the pool drops a cancelled job before a worker takes it</source>
        <translation>&lt;br&gt;main() 的一个作业 %1–%2 在池的队列中等待，却从未运行：它的 await 先被取消了，而池会在工作者取走之前丢弃已取消的作业</translation>
    </message>
    <message>
        <source>&lt;br&gt;main() is waiting in put() for room in the queue (since %1)</source>
        <translation>&lt;br&gt;main() 正在 put() 中等待队列空位（自 %1 起）</translation>
    </message>
</context>
<context>
    <name>cs::ui::WarningDetector</name>
    <message>
        <source>The program deadlocked at %1</source>
        <translation>程序在 %1 发生死锁</translation>
    </message>
    <message>
        <source>No task could make progress: nothing was ready and no timer was set while work was still pending, so asyncio.run() was interrupted and cancelled the rest. The usual cause is a permit acquired with sem.acquire() and never released: use &apos;async with sem:&apos;.</source>
        <translation>没有任务能继续推进：仍有工作未完成，却没有就绪的回调，也没有设置定时器，因此 asyncio.run() 被中断并取消了其余任务。常见原因是用 sem.acquire() 获取的许可从未释放：请使用 &apos;async with sem:&apos;。</translation>
    </message>
    <message>
        <source>Task %1 blocked the event loop for %2</source>
        <translation>任务 %1 阻塞事件循环 %2</translation>
    </message>
    <message>
        <source>A blocking call (time.sleep, CPU work, sync I/O) inside a coroutine freezes every other task: nothing else runs, timers fire late. Await a non-blocking version, or move it to a thread with &apos;await asyncio.to_thread(...)&apos;.</source>
        <translation>协程中的阻塞调用（time.sleep、CPU 计算、同步 I/O）会冻结所有其他任务：其他任务都无法运行，定时器也会延迟触发。请 await 非阻塞的版本，或用 &apos;await asyncio.to_thread(...)&apos; 把它移到线程中。</translation>
    </message>
    <message>
        <source>%1 more blocking calls over 100 ms</source>
        <translation>另有 %1 个超过 100 毫秒的阻塞调用</translation>
    </message>
    <message>
        <source>Task %1 swallowed CancelledError</source>
        <translation>任务 %1 吞掉了 CancelledError</translation>
    </message>
    <message>
        <source>It caught asyncio.CancelledError and returned normally, so cancelling it (a timeout, TaskGroup, shutdown) silently did not work. Clean up, then re-raise.</source>
        <translation>它捕获了 asyncio.CancelledError 并正常返回，因此对它的取消（超时、TaskGroup、关闭）悄悄失效了。请先清理，然后重新抛出。</translation>
    </message>
    <message>
        <source>Semaphore(%1) made inside each task limits nothing</source>
        <translation>在每个任务内部创建的 Semaphore(%1) 什么也限制不了</translation>
    </message>
    <message>
        <source>Every task creates its own semaphore, so each has all the permits to itself: up to %1 tasks ran at once. Create one semaphore outside the tasks and share it.</source>
        <translation>每个任务都创建了自己的信号量，于是各自独占全部许可：最多有 %1 个任务同时运行。请在任务外创建一个信号量并共享它。</translation>
    </message>
    <message>
        <source>1 task cancelled when asyncio.run() exited</source>
        <translation>asyncio.run() 退出时取消了 1 个任务</translation>
    </message>
    <message>
        <source>%1 tasks cancelled when asyncio.run() exited</source>
        <translation>asyncio.run() 退出时取消了 %1 个任务</translation>
    </message>
    <message>
        <source>main() ended while they were still running (wait() left them pending, or an exception escaped), so asyncio.run() cancelled them on the way out and their work was lost.</source>
        <translation>main() 结束时它们仍在运行（wait() 留下了未完成的任务，或有异常逃逸），于是 asyncio.run() 在退出时取消了它们，它们的工作也随之丢失。</translation>
    </message>
    <message>
        <source>It cancels them in the order of a set of tasks, which in CPython follows their memory addresses: a real run can cancel them, and run their cleanup (except CancelledError, finally), in another order than here.</source>
        <translation>它按一个任务集合的顺序取消它们，而在 CPython 中这个顺序取决于任务的内存地址：真实运行时取消它们、执行它们的清理代码（except CancelledError、finally）的顺序可能与这里不同。</translation>
    </message>
    <message>
        <source>Tasks still pending when wait() returned: %1</source>
        <translation>wait() 返回时仍未完成的任务：%1</translation>
    </message>
    <message>
        <source>asyncio.wait() does not cancel what it leaves pending: cancel those tasks or await them later.</source>
        <translation>asyncio.wait() 不会取消它留下的未完成任务：请取消这些任务，或稍后 await 它们。</translation>
    </message>
    <message>
        <source>The service rejected %1 calls (429: %2, 503: %3)</source>
        <translation>服务拒绝了 %1 次调用（429：%2，503：%3）</translation>
    </message>
    <message>
        <source>More requests reached the service than its rate limit or queue accepts: the concurrency limit is too high for it. Lower the limit, or retry with backoff.</source>
        <translation>到达服务的请求超出了它的速率限制或队列容量：并发限制对它来说太高了。请降低限制，或使用退避重试。</translation>
    </message>
    <message>
        <source>Task %1 releases twice: BoundedSemaphore caught it</source>
        <translation>任务 %1 释放了两次：BoundedSemaphore 发现了它</translation>
    </message>
    <message>
        <source>The extra release() raised ValueError instead of silently adding a permit.</source>
        <translation>多余的 release() 抛出了 ValueError，而不是悄悄增加一个许可。</translation>
    </message>
    <message>
        <source>Task %1 released the semaphore once more than it acquired it: at %2 it held no permit to give back</source>
        <translation>任务 %1 释放信号量的次数比获取的多了一次：在 %2 它已没有可归还的许可</translation>
    </message>
    <message>
        <source>task %1 (%2) at line %3</source>
        <translation>任务 %1（%2）在第 %3 行</translation>
    </message>
    <message>
        <source>task %1 (%2)</source>
        <translation>任务 %1（%2）</translation>
    </message>
    <message>
        <source>, </source>
        <translation>、</translation>
    </message>
    <message>
        <source>nothing can happen any more: every task waits (%1); interrupted as Ctrl-C would</source>
        <translation>什么都无法再发生了：每个任务都在等待（%1）；已像 Ctrl-C 那样中断</translation>
    </message>
    <message>
        <source>timers due at the same virtual instant ran out of the order they were set in: %1 ran before %2, set earlier; on a real clock the one set first is due a little earlier and runs first, so from here on this run&apos;s order can differ from real CPython&apos;s</source>
        <translation>同一虚拟时刻到期的计时器没有按设置的顺序运行：%1 先于更早设置的 %2 运行；在真实时钟上，先设置的那个会稍早到期并先运行，所以从这里开始，本次运行的顺序可能与真实的 CPython 不同</translation>
    </message>
    <message>
        <source>task %1&apos;s timer (%2)</source>
        <translation>任务 %1 的计时器（%2）</translation>
    </message>
    <message>
        <source>main()&apos;s timer</source>
        <translation>main() 的计时器</translation>
    </message>
    <message>
        <source>a callback&apos;s timer</source>
        <translation>某个回调的计时器</translation>
    </message>
    <message>
        <source>%1 for %2</source>
        <translation>%1（调用 %2）</translation>
    </message>
    <message>
        <source>Task %1 releases twice: the semaphore grew</source>
        <translation>任务 %1 释放了两次：信号量变大了</translation>
    </message>
    <message>
        <source>A plain Semaphore accepts the extra release() and gains a permit: the limit is quietly higher than written. Use BoundedSemaphore to catch it.</source>
        <translation>普通的 Semaphore 会接受多余的 release() 并多出一个许可：实际限制悄悄高于代码中写的值。请使用 BoundedSemaphore 来发现这种错误。</translation>
    </message>
    <message>
        <source>Lost updates: the counter ended at %1, not %2</source>
        <translation>更新丢失：计数器最终为 %1，而不是 %2</translation>
    </message>
    <message>
        <source>Each increment read the counter, awaited, then wrote back what it read plus one; another task&apos;s write in between was overwritten. Hold an asyncio.Lock across the read, the await and the write.</source>
        <translation>每次自增都先读取计数器，然后 await，再写回读到的值加一；期间其他任务写入的值被覆盖了。请在读取、await 和写入期间一直持有 asyncio.Lock。</translation>
    </message>
    <message>
        <source>%1 escaped the collector at %2</source>
        <translation>%1 在 %2 从收集方式中逃逸</translation>
    </message>
    <message>
        <source>The caller saw the first exception; with gather() the other tasks kept running (use return_exceptions=True or a TaskGroup to decide what happens to them).</source>
        <translation>调用方看到了第一个异常；使用 gather() 时其他任务仍在继续运行（可用 return_exceptions=True 或 TaskGroup 来决定如何处理它们）。</translation>
    </message>
    <message>
        <source>Line %1: %2</source>
        <translation>第 %1 行：%2</translation>
    </message>
    <message>
        <source>Python warns of a coroutine destroyed before it ever ran, in asyncio&apos;s debug mode or not (debug mode adds where it was made): a coroutine function was called without await, so its body never ran. Await it, or start it with asyncio.create_task() and keep the task.</source>
        <translation>协程还没运行过就被销毁时，Python 会发出这个警告，不论是否开启 asyncio 的调试模式（调试模式还会指出它在哪里创建）：调用了协程函数却没有 await，所以它的函数体从未运行。请 await 它，或用 asyncio.create_task() 启动它并保留这个任务。</translation>
    </message>
    <message>
        <source>asyncio&apos;s debug mode: one step of a task held the event loop longer than loop.slow_callback_duration (100 ms of virtual time): a blocking call. Nothing else ran meanwhile. Await a non-blocking version or move it to asyncio.to_thread().</source>
        <translation>asyncio 的调试模式：某个任务的一步占用事件循环的时间超过了 loop.slow_callback_duration（100 毫秒虚拟时间）：这是一个阻塞调用，期间其他任务都无法运行。请 await 非阻塞的版本，或把它移到 asyncio.to_thread()。</translation>
    </message>
    <message>
        <source>A task was garbage-collected while still pending: nothing kept a reference to it and its work was lost. Keep the tasks you create (a set, a TaskGroup) and await them.</source>
        <translation>一个任务在仍未完成时被垃圾回收：没有任何地方保留对它的引用，它的工作也丢失了。请保留你创建的任务（放进集合或使用 TaskGroup）并 await 它们。</translation>
    </message>
    <message>
        <source>A task failed and nobody awaited it or called result(): its exception was only logged. Await every task you create, or use a TaskGroup.</source>
        <translation>一个任务失败了，却没有人 await 它或调用 result()：它的异常只被记录在日志中。请 await 你创建的每个任务，或使用 TaskGroup。</translation>
    </message>
    <message>
        <source>A callback (call_soon, call_later, a done callback) raised: asyncio logged it and went on.</source>
        <translation>一个回调（call_soon、call_later、完成回调）抛出了异常：asyncio 记录了它并继续运行。</translation>
    </message>
    <message>
        <source>A warning Python&apos;s warnings module gave while the program ran.</source>
        <translation>程序运行时 Python 的 warnings 模块给出的警告。</translation>
    </message>
    <message>
        <source>Nothing was ready and no timer was set while the program still waited for something: on a real clock it would hang for ever.</source>
        <translation>程序仍在等待某件事，却没有任何就绪的工作，也没有设置定时器：在真实时钟上它会永远挂起。</translation>
    </message>
    <message>
        <source>What asyncio logged while the program ran (its logger&apos;s error messages).</source>
        <translation>程序运行时 asyncio 记录的内容（其日志记录器的错误消息）。</translation>
    </message>
    <message>
        <source>main() blocked the event loop for %1</source>
        <translation>main() 阻塞事件循环 %1</translation>
    </message>
    <message>
        <source>Task %1&apos;s process job ended during a blocking call</source>
        <translation>任务 %1 的进程池作业在阻塞调用期间结束</translation>
    </message>
    <message>
        <source>Task %1&apos;s thread job ended during a blocking call</source>
        <translation>任务 %1 的线程池作业在阻塞调用期间结束</translation>
    </message>
    <message>
        <source>%L1 pool jobs ended during blocking calls (the first: task %2&apos;s)</source>
        <translation>%L1 个池作业在阻塞调用期间结束（第一个：任务 %2 的）</translation>
    </message>
    <message>
        <source>Its job finished %1 before the blocked loop could take the result (at %2). On the virtual clock a pool job&apos;s end is a timer, and timers wait for the loop: only then does a job queued for a free worker start, and the tasks woken during the block resume in timer order. Real workers do not wait for the loop: a free worker takes the next job at once, and the result is queued ahead of sleeps that ended during the block. From here on, this run&apos;s times and order can differ from real CPython&apos;s.</source>
        <translation>它的作业已经完成，但被阻塞的事件循环直到 %2 才取走结果，晚了 %1。在虚拟时钟上，池作业的结束是一个定时器，而定时器要等事件循环：直到那时，排队等待空闲工作线程的作业才开始，阻塞期间被唤醒的任务也按定时器顺序恢复。真实的工作线程不等事件循环：空闲的工作线程立即接手下一个作业，结果也会排在阻塞期间到期的 sleep 之前。从这里起，本次运行的时间和顺序可能与真实 CPython 不同。</translation>
    </message>
    <message>
        <source>Task %1 ended without releasing its permit</source>
        <translation>任务 %1 结束时没有释放它的许可</translation>
    </message>
    <message>
        <source>It called sem.acquire() without a matching release(): every such task shrinks the semaphore by one for good.</source>
        <translation>它调用了 sem.acquire() 却没有对应的 release()：每个这样的任务都会让信号量永久少一个许可。</translation>
    </message>
    <message>
        <source>Each of the %1 semaphores and locks was used by one task only</source>
        <translation>%1 个信号量和锁中的每一个都只被一个任务使用</translation>
    </message>
    <message>
        <source>%1 of the %2 semaphores and locks were each used by one task only</source>
        <translation>%2 个信号量和锁中有 %1 个各自只被一个任务使用</translation>
    </message>
    <message>
        <source>Each was acquired and released by a single task, and no task ever waited for it: a semaphore or lock made inside each task limits nothing and protects nothing. Make one outside the tasks and share it.</source>
        <translation>每一个都只由一个任务获取和释放，也从没有任务等待过它：在每个任务内部创建的信号量或锁既限制不了什么，也保护不了什么。应在任务外面创建一个并共享它。</translation>
    </message>
    <message>
        <source>Up to %1 tasks held the semaphore at once: it has %2 permits</source>
        <translation>最多有 %1 个任务同时持有这个信号量：它只有 %2 个许可</translation>
    </message>
    <message>
        <source>A release() without its acquire() gave a permit back twice. A plain Semaphore then lets one more task in, each time: the limit is quietly higher than written. A BoundedSemaphore raises ValueError, but only in a release that finds it full, often another task&apos;s.</source>
        <translation>某个 release() 没有对应的 acquire()，把一个许可还了两次。普通的 Semaphore 因此每次都多放进一个任务：上限悄悄地比写的更高。BoundedSemaphore 会抛出 ValueError，但只在发现它已满的那次 release 里抛出，而那往往是另一个任务的 release。</translation>
    </message>
    <message>
        <source>Up to %1 tasks held #%2 %3 at once: it has %4 permits</source>
        <translation>最多有 %1 个任务同时持有 #%2 %3：它只有 %4 个许可</translation>
    </message>
    <message>
        <source>A task held a permit of %1 while it waited %3 for %2</source>
        <translation>一个任务持有 %1 的许可，同时等待 %2 达 %3</translation>
    </message>
    <message>
        <source>%1 tasks held a permit of %2 while they waited for %3, up to %4 each</source>
        <translation>%1 个任务持有 %2 的许可，同时等待 %3，每个最长 %4</translation>
    </message>
    <message>
        <source>A permit held during the wait serves no other task: tasks that need only %1 queue behind it while it stands idle. Ask for the two in the other order and compare, or wait for both before holding either (aiohttp&apos;s connector waits holding nothing until both of its limits allow a request).</source>
        <translation>等待期间持有的许可不能为其他任务所用：只需要 %1 的任务在它闲置时排在后面。换一种顺序请求这两个并比较，或者在两者都可用之前一个也不持有（aiohttp 的连接器就是这样：它什么也不持有地等待，直到两个限制都允许一个请求）。</translation>
    </message>
    <message>
        <source>On the virtual clock no time passes while Python runs, so timers set for the same delay at one instant fall due at exactly the same time, and asyncio&apos;s heap runs them in heap order, not always the order they were set in. On a real clock the one set first is due a few microseconds earlier and runs first. From this instant on, which task wakes first, the order of prints and of results can differ from a real run&apos;s.</source>
        <translation>在虚拟时钟上，Python 运行时时间不会流逝，所以在同一时刻设下、延迟相同的定时器会恰好在同一时间到期，asyncio 的堆按堆的顺序运行它们，而这不一定是它们被设下的顺序。在真实时钟上，先设下的那个会早几微秒到期、先运行。从这一时刻起，哪个任务先醒来、打印和结果的顺序，都可能与真实运行不同。</translation>
    </message>
    <message>
        <source>Up to %1 tasks held #%2 %3 at once: it has 1 permit</source>
        <translation>最多有 %1 个任务同时持有 #%2 %3：它只有 1 个许可</translation>
    </message>
    <message>
        <source>Up to %1 tasks held the semaphore at once: it has 1 permit</source>
        <translation>最多有 %1 个任务同时持有这个信号量：它只有 1 个许可</translation>
    </message>
    <message>
        <source>the time.sleep() of task %1&apos;s job (%2) in thread %3</source>
        <translation>线程 %3 中任务 %1（%2）的作业的 time.sleep()</translation>
    </message>
    <message>
        <source>the time.sleep() of main()&apos;s job in thread %1</source>
        <translation>线程 %1 中 main() 的作业的 time.sleep()</translation>
    </message>
    <message>
        <source>the time.sleep() of thread %1</source>
        <translation>线程 %1 的 time.sleep()</translation>
    </message>
    <message>
        <source>timers set at different instants fall due at the same virtual instant, and %1 was set from a reading of the clock (a delay such as `deadline - loop.time()`): %2 ran first, then %3; on a real clock how long the program&apos;s steps took decides which is due first, so from here on this run&apos;s order can differ from real CPython&apos;s</source>
        <translation>在不同时刻设置的计时器在同一虚拟时刻到期，而 %1 是根据读取的时钟设置的（例如 `deadline - loop.time()` 这样的延迟）：%2 先运行，然后是 %3；在真实时钟上，哪个先到期取决于程序各步骤花了多长时间，所以从这里开始，本次运行的顺序可能与真实的 CPython 不同</translation>
    </message>
    <message>
        <source>On the virtual clock no time passes while Python runs. A timer set for a fixed delay is due, on a real clock, a little later than here (each step before it took some time); a delay computed from the clock (the time until a rate limiter&apos;s next slot) makes up for that time. So where such timers fall due at one virtual instant with a timer set earlier, a real run may run them in either order: from this instant on, which task wakes first, the order of prints and of results can differ from a real run&apos;s.</source>
        <translation>在虚拟时钟上，Python 运行时时间不会流逝。在真实时钟上，按固定延迟设置的计时器会比这里稍晚到期（它之前的每一步都花了一些时间）；而根据时钟算出的延迟（例如到限速器下一个时间槽的时间）会把这段时间补回来。所以当这样的计时器与更早设置的计时器在同一虚拟时刻到期时，真实运行可能以任一顺序运行它们：从这一时刻起，哪个任务先醒来、打印和结果的顺序，都可能与真实运行不同。</translation>
    </message>
    <message>
        <source>%1 itself</source>
        <translation>%1 自己</translation>
    </message>
    <message>
        <source>%1 waits in %2 at line %3 (held by %4)</source>
        <translation>%1 在第 %3 行的 %2 中等待（锁由 %4 持有）</translation>
    </message>
    <message>
        <source>%1 waits in %2 (held by %3)</source>
        <translation>%1 在 %2 中等待（锁由 %3 持有）</translation>
    </message>
    <message>
        <source>a thread waits for ever: %1; it can never go on</source>
        <translation>一个线程在永远等待：%1；它再也无法继续</translation>
    </message>
    <message>
        <source>threads wait for each other for ever: %1; none of them can ever go on</source>
        <translation>几个线程在永远互相等待：%1；它们都再也无法继续</translation>
    </message>
    <message>
        <source>; </source>
        <translation>；</translation>
    </message>
    <message>
        <source>Each of these threads waits, without a timeout, for a lock another of them holds (or for a Lock it holds itself): none of them can ever go on. The event loop and the other threads run on, but on a real clock whatever waits for these threads (asyncio.run() for its pool&apos;s threads, the interpreter&apos;s exit for threads that are not daemons) hangs for ever. Take the locks in one order everywhere, or give acquire() a timeout.</source>
        <translation>这些线程各自在没有超时的情况下，等待另一个线程持有的锁（或等待它自己已持有的 Lock）：它们都再也无法继续。事件循环和其他线程照常运行，但在真实时钟上，凡是等待这些线程的地方（asyncio.run() 等待其线程池的线程，解释器退出时等待非守护线程）都会永远挂起。请在所有地方按同一顺序获取这些锁，或给 acquire() 设置超时。</translation>
    </message>
    <message>
        <source>task_done() was called with no item of this Queue taken and not yet done: the Queue counts one more item finished than were, so its join() can return while items are still being worked on</source>
        <translation>调用了 task_done()，但这个 Queue 并没有已取出且尚未完成的条目：Queue 因此多算了一个已完成的条目，它的 join() 可能在条目仍在处理时就返回</translation>
    </message>
    <message>
        <source>A Queue counts the items put in that are not finished yet: each task_done() takes one off, and join() returns when none is left. A worker that calls task_done() twice for one item (in the try and again in a finally, say) takes off one that another worker is still on, so join() returns early and what comes after it (cancelling the workers, the end of main()) cuts that item off. Call task_done() exactly once per get(), in a finally.</source>
        <translation>Queue 记录放入后尚未完成的条目数：每次 task_done() 减一，没有剩余时 join() 返回。一个工作者为同一条目调用两次 task_done()（比如在 try 里调一次，finally 里又调一次），就会把另一个工作者仍在处理的条目也减掉，于是 join() 提前返回，之后的代码（取消工作者、main() 结束）会把那个条目截断。每次 get() 只调用一次 task_done()，放在 finally 里。</translation>
    </message>
    <message>
        <source>%1 escaped main() at %2</source>
        <translation>%1 在 %2 从 main() 中逃逸</translation>
    </message>
    <message>
        <source>The program&apos;s main coroutine raised it: asyncio.run() cancelled the tasks still pending and raised it again in its caller.</source>
        <translation>程序的主协程抛出了它：asyncio.run() 取消了仍在等待的任务，并在调用处再次抛出它。</translation>
    </message>
    <message>
        <source>as_completed() made tasks of %1 coroutines in the order given; CPython makes them from a set of the coroutines, in the order of their memory addresses, so in a real run they can start (and print what they do first) in another order</source>
        <translation>as_completed() 按给定的顺序为 %1 个协程创建了任务；CPython 则从这些协程组成的集合创建任务，顺序取决于它们的内存地址，所以真实运行时它们开始运行（以及最先打印的内容）的顺序可能不同</translation>
    </message>
    <message>
        <source>the program went through the pending set of %1 tasks that asyncio.wait() returned: here in an order fixed by when they were made, the same every run, in CPython in the order of their memory addresses, so a real run can go through them (cancel them, print what they did) in another order</source>
        <translation>程序遍历了 asyncio.wait() 返回的 pending 集合（%1 个任务）：这里的顺序由它们的创建先后决定，每次运行都一样；在 CPython 中则是它们内存地址的顺序，所以真实运行时遍历它们（取消它们、打印它们做了什么）的顺序可能不同</translation>
    </message>
    <message>
        <source>the program went through the done set of %1 tasks that asyncio.wait() returned: here in an order fixed by when they were made, the same every run, in CPython in the order of their memory addresses, so a real run can go through them (and print their results) in another order</source>
        <translation>程序遍历了 asyncio.wait() 返回的 done 集合（%1 个任务）：这里的顺序由它们的创建先后决定，每次运行都一样；在 CPython 中则是它们内存地址的顺序，所以真实运行时遍历它们（以及打印它们结果）的顺序可能不同</translation>
    </message>
    <message>
        <source>timers set at different instants fall due at the same virtual instant and ran in one loop iteration: %1, set first, and %2, set later; on a real clock each is due a little later than here, by the time the steps and wake-ups that led to it took, so they fall due apart, often a loop iteration or more, in an order those times decide (the one set later can be due first), so from here on this run&apos;s order can differ from real CPython&apos;s</source>
        <translation>在不同时刻设置的计时器在同一虚拟时刻到期，并在同一次循环迭代中运行：先设置的 %1 和后设置的 %2；在真实时钟上，每个都会比这里稍晚到期，晚多少取决于通向它的各步骤和唤醒所花的时间，所以它们会错开到期，往往相隔一次或多次循环迭代，先后由这些时间决定（后设置的那个也可能先到期），所以从这里开始，本次运行的顺序可能与真实的 CPython 不同</translation>
    </message>
    <message>
        <source>%1&apos;s timer (a task with no lane)</source>
        <translation>%1 的计时器（一个没有泳道的任务）</translation>
    </message>
    <message>
        <source>On the virtual clock no time passes while Python runs, so a timer set for 1.5 s at 0 s and one set for 0.5 s at 1.0 s fall due at exactly the same instant and run in one iteration of the loop. On a real clock each is due a little later than here, by the time the steps and the loop&apos;s wake-ups that led to it took, so they fall due apart, often an iteration or more: what the first to fall due woke goes on before the other wakes. Which one is first, those times decide: the one set later when it was set after a wake-up of its own (the second sleep of a task that slept 1.0 s first), but a timer set after fewer wake-ups than the other can be due first. From this instant on, the order of prints and of results can differ from a real run&apos;s.</source>
        <translation>在虚拟时钟上，Python 运行时时间不会流逝，所以在 0 秒设置的 1.5 秒计时器和在 1.0 秒设置的 0.5 秒计时器恰好在同一时刻到期，并在同一次循环迭代中运行。在真实时钟上，每个都会比这里稍晚到期，晚多少取决于通向它的各步骤和事件循环的唤醒所花的时间，所以它们会错开到期，往往相隔一次或多次迭代：先到期的那个唤醒的任务会先继续运行，另一个才醒来。谁先到期由这些时间决定：如果后设置的那个是在它自己的一次唤醒之后设置的（一个任务先睡 1.0 秒后的第二次睡眠），它就较晚；但一个在更少次唤醒之后设置的计时器可能比另一个先到期。从这一时刻起，打印和结果的顺序都可能与真实运行不同。</translation>
    </message>
    <message>
        <source>this Queue is used as a pool of objects that tasks borrow and give back (a task put back the object it took from it): each lane is one borrowing, from the get() to the put() that gives the object back; a task that waits in get() for a free object is drawn waiting for one</source>
        <translation>这个 Queue 被用作对象池：任务借出对象、用完归还（一个任务把它从中取出的对象放了回去）：每条泳道是一次借用，从 get() 到归还对象的 put()；在 get() 中等待空闲对象的任务会画成在等待</translation>
    </message>
    <message>
        <source>The tracer draws each item of a program&apos;s own asyncio.Queue as a job. This Queue holds objects that tasks take with get() and put back when they are done with them (a pool of connections, say), so each lane here is one borrowing of an object, from its get() to the put() that gives it back, not a job, and an object given back is not drawn as queued. A task that waits in get() while every object is borrowed is drawn waiting for one, as a task waits for a semaphore&apos;s permit: its borrowing&apos;s lane begins where its get() began to wait and runs from the moment it takes an object. The tasks themselves have no lanes of their own when get() is their first step.</source>
        <translation>追踪器把程序自己的 asyncio.Queue 中的每一项画成一个作业。这个 Queue 装的是对象，任务用 get() 取出，用完后再放回去（例如一个连接池），所以这里的每条泳道是对一个对象的一次借用，从它的 get() 到归还它的 put()，而不是一个作业；归还的对象也不会画成排队中。所有对象都被借出时在 get() 中等待的任务会画成在等待对象，就像任务等待信号量的许可一样：它这次借用的泳道从它的 get() 开始等待处开始，从它取到对象的那一刻起画成运行。如果 get() 是任务的第一步，任务本身没有自己的泳道。</translation>
    </message>
    <message>
        <source>a TaskGroup cancelled %1 of its tasks in the order of a set of them: here an order fixed by when they were made, the same every run, in CPython the order of their memory addresses, so a real run can cancel them, and run their cleanup (except CancelledError, finally), in another order</source>
        <translation>一个 TaskGroup 按其任务集合的顺序取消了它的 %1 个任务：这里的顺序由它们的创建先后决定，每次运行都一样；在 CPython 中则是它们内存地址的顺序，所以真实运行时取消它们、执行它们的清理代码（except CancelledError、finally）的顺序可能不同</translation>
    </message>
    <message>
        <source>main() caught the CancelledError of an asyncio.timeout() that expired and went on: no TimeoutError was raised, so main() ran on past the timeout&apos;s deadline</source>
        <translation>main() 捕获了一个已到期的 asyncio.timeout() 的 CancelledError 并继续执行：没有抛出 TimeoutError，所以 main() 越过超时的截止时间继续运行</translation>
    </message>
    <message>
        <source>a task failed and nobody retrieved its exception (no await, no result()): %1</source>
        <translation>一个任务失败了，却没有人取走它的异常（没有 await，也没有调用 result()）：%1</translation>
    </message>
    <message>
        <source>1 task main() cancelled was still ending when main() returned</source>
        <translation>main() 取消的 1 个任务在 main() 返回时仍在收尾</translation>
    </message>
    <message>
        <source>%1 tasks main() cancelled were still ending when main() returned</source>
        <translation>main() 取消的 %1 个任务在 main() 返回时仍在收尾</translation>
    </message>
    <message>
        <source>main() called cancel() on them and returned without awaiting them. cancel() only asks: they were still running their cleanup (an await in except CancelledError or finally) when main() ended, so asyncio.run() cancelled them again on its way out and cut that cleanup short. Await what you cancel (await asyncio.gather(*tasks, return_exceptions=True)) so that it ends inside main().</source>
        <translation>main() 对它们调用了 cancel()，却没有 await 它们就返回了。cancel() 只是发出请求：main() 结束时，它们还在执行收尾（except CancelledError 或 finally 里的 await），于是 asyncio.run() 在退出时再次取消它们，收尾被中途打断。取消之后要 await 它们（await asyncio.gather(*tasks, return_exceptions=True)），让它们在 main() 里结束。</translation>
    </message>
    <message>
        <source>main() had caught the CancelledError of a cancel() of it (line %1) and gone on, so a cancel request was still pending when this asyncio.timeout() expired: it raised no TimeoutError (its except TimeoutError did not run) and let the CancelledError out of the block</source>
        <translation>main() 先前捕获了对它的一次 cancel()（第 %1 行）带来的 CancelledError 并继续执行，所以这个 asyncio.timeout() 到期时仍有一个取消请求未了结：它没有抛出 TimeoutError（它的 except TimeoutError 没有执行），而是让 CancelledError 传出了代码块</translation>
    </message>
    <message>
        <source>main() had caught the CancelledError of a cancel() of it and gone on, so a cancel request was still pending when this asyncio.timeout() expired: it raised no TimeoutError (its except TimeoutError did not run) and let the CancelledError out of the block</source>
        <translation>main() 先前捕获了对它的一次 cancel() 带来的 CancelledError 并继续执行，所以这个 asyncio.timeout() 到期时仍有一个取消请求未了结：它没有抛出 TimeoutError（它的 except TimeoutError 没有执行），而是让 CancelledError 传出了代码块</translation>
    </message>
    <message>
        <source>When an asyncio.timeout() expires it cancels the task inside it, and raises TimeoutError at the end of its block only if that CancelledError comes out of the block. Here main()&apos;s code caught it (except CancelledError, or a bare except) and did not re-raise it, so the timeout did nothing: no TimeoutError, its except TimeoutError never ran, and main() went on with what the timeout should have stopped. main() has no lane, so this is told here (a task that does so has the note &apos;swallowed cancel&apos; on its end). Clean up, then re-raise the CancelledError. The same holds for a cancel() of main() (another task&apos;s, its own): caught and not re-raised, main() goes on and asyncio.run() returns normally; and the request stays counted (Task.cancelling()), so an asyncio.timeout() inside which that happened raises no TimeoutError when it expires: it takes its CancelledError for that request&apos;s and lets it out of the block.</source>
        <translation>asyncio.timeout() 到期时会取消其中的任务，只有当这个 CancelledError 从代码块中传出时，它才会在代码块结束处抛出 TimeoutError。这里 main() 的代码捕获了它（except CancelledError，或一个裸 except）却没有重新抛出，所以这个超时什么也没做：没有 TimeoutError，它的 except TimeoutError 从未执行，main() 继续做了超时本该终止的事。main() 没有泳道，所以在这里说明（任务这样做时，它的结束处会标注“吞掉了取消”）。先做清理，再重新抛出 CancelledError。对 main() 的 cancel()（来自另一个任务，或它自己）也是如此：捕获后不重新抛出，main() 会继续执行，asyncio.run() 照常返回；而且这个请求仍被计数（Task.cancelling()），所以若这发生在某个 asyncio.timeout() 之内，该超时到期时不会抛出 TimeoutError：它把自己的 CancelledError 当作那个请求的，让它传出代码块。</translation>
    </message>
    <message>
        <source>the program went through the set of %1 tasks that asyncio.all_tasks() returned: here in an order fixed by when they were made, the same every run, in CPython in the order of their memory addresses, so a real run can go through them (cancel them, print their names) in another order</source>
        <translation>程序遍历了 asyncio.all_tasks() 返回的集合（%1 个任务）：这里的顺序由它们的创建先后决定，每次运行都一样；在 CPython 中则是它们内存地址的顺序，所以真实运行时遍历它们（取消它们、打印它们的名字）的顺序可能不同</translation>
    </message>
    <message>
        <source>a wait in get() for a free object of this pool is not drawn: it began before the Queue was known as a pool and lasted longer than the tracer can hold the trace back (65,536 pending writes), so this borrowing&apos;s lane, and those of other waits for the pool&apos;s objects until then, begin where the object was taken</source>
        <translation>这个池中有一次在 get() 中等待空闲对象的过程没有画出：它开始于这个 Queue 被认出是对象池之前，持续的时间又超过了追踪器能暂缓写出追踪的限度（65,536 次待写），所以这次借用的泳道，以及此前其他等待池中对象的借用的泳道，都从取到对象的那一刻开始</translation>
    </message>
    <message>
        <source>Until a task puts back into a Queue an object it took from it, the tracer cannot tell a pool from a channel, so it holds back the lines of a task waiting in get() there (a live view pauses meanwhile) and writes them where the wait began once it knows. It holds at most 65,536 pending writes: a wait that outlasts that is not drawn, and its borrowing&apos;s lane begins at the take. The run&apos;s counts of that wait are lost too: the time waited, and the Waiting track meanwhile, are short by it.</source>
        <translation>在某个任务把它从 Queue 取出的对象放回去之前，追踪器分不清这个 Queue 是对象池还是通道，所以会暂缓写出在那里的 get() 中等待的任务的记录（实时视图在此期间会暂停），等弄清之后再把它们写在等待开始的位置。它最多暂缓 65,536 次待写：超过这个限度的等待不会画出，这次借用的泳道从取到对象时开始。这次等待在运行统计中也会缺失：等待的时间，以及这段时间内的 Waiting 轨道，都少算了它。</translation>
    </message>
    <message>
        <source>the program copies the %1 set of %2 tasks that asyncio.wait() returned (%3) into a plain set, which the runner does not follow: the copy iterates here in an order fixed by when they were made, in CPython in the order of their memory addresses, so a real run can go through it in another order</source>
        <translation>程序把 asyncio.wait() 返回的 %1 集合（%2 个任务）复制成了一个普通集合（%3），运行器无法跟踪它：这个副本在这里按任务创建的先后固定顺序遍历，每次运行都相同，而在 CPython 中按它们的内存地址顺序，所以真实运行中遍历它的顺序可能不同</translation>
    </message>
    <message>
        <source>thread %1 computed for %2 of real CPU time or more, which took no time on the virtual clock; on a real clock it holds its thread that long</source>
        <translation>线程 %1 计算了至少 %2 的真实 CPU 时间，这在虚拟时钟上不占时间；在真实时钟上，它会占住自己的线程这么久</translation>
    </message>
    <message>
        <source>the program computed for %1 of real CPU time or more, which took no time on the virtual clock; on a real clock it holds the main thread (and its event loop, if one runs) that long</source>
        <translation>程序计算了至少 %1 的真实 CPU 时间，这在虚拟时钟上不占时间；在真实时钟上，它会占住主线程（以及正在运行的事件循环）这么久</translation>
    </message>
    <message>
        <source>task %1</source>
        <translation>任务 %1</translation>
    </message>
    <message>
        <source>main()</source>
        <translation>main()</translation>
    </message>
    <message>
        <source>%1 computed for %2 of real CPU time or more, which took no time on the virtual clock; on a real clock it holds the event loop that long, and every other task waits meanwhile</source>
        <translation>%1 计算了至少 %2 的真实 CPU 时间，这在虚拟时钟上不占时间；在真实时钟上，它会占住事件循环这么久，其间其他所有任务都在等待</translation>
    </message>
    <message>
        <source>On the virtual clock only waits move time (sleeps, timeouts, a thread&apos;s time.sleep()): Python&apos;s own work takes none, so this run shows this computation as taking no time and nothing waiting for it. The runner measured its thread&apos;s real CPU time while it traced the run (plain CPython may take somewhat less). On a real clock that time passes: on the event loop&apos;s thread no other task runs, no timer fires and no callback is called until it is done, so what follows happens later than here; in a thread (asyncio.to_thread()) the loop goes on, but the thread&apos;s job ends that much later. Only the first such stretch of the run is told. For heavy computing use a process pool (loop.run_in_executor() with a ProcessPoolExecutor), or split it into parts with an await between them.</source>
        <translation>在虚拟时钟上，只有等待才会推动时间（sleep、超时、线程中的 time.sleep()）：Python 自身的运算不占时间，所以这次运行把这段计算显示为不花时间，也没有谁在等它。运行器测得的是它所在线程在被跟踪时的真实 CPU 时间（直接用 CPython 运行可能稍短一些）。在真实时钟上这段时间会流逝：在事件循环的线程上，计算结束之前没有其他任务运行，没有定时器触发，也没有回调被调用，所以之后发生的事都会比这里晚；在线程中（asyncio.to_thread()）事件循环照常运行，但该线程的任务会晚这么久才结束。每次运行只提示第一段这样的计算。繁重的计算请使用进程池（loop.run_in_executor() 配合 ProcessPoolExecutor），或者把它拆成几段，中间用 await 隔开。</translation>
    </message>
    <message>
        <source>the default process pool (ProcessPoolExecutor() without max_workers) has %1 workers here: CPython sizes it os.cpu_count(), which is %2 on the virtual clock; a real run sizes it from its computer&apos;s CPUs</source>
        <translation>默认的进程池（未给 max_workers 的 ProcessPoolExecutor()）在这里有 %1 个工作者：CPython 按 os.cpu_count() 定它的大小，而在虚拟时钟上 os.cpu_count() 是 %2；真实运行按所在电脑的 CPU 数来定</translation>
    </message>
    <message>
        <source>the event loop&apos;s default thread pool (asyncio.to_thread(), run_in_executor(None, ...)) has %1 workers here: CPython sizes it min(32, os.cpu_count() + 4), and os.cpu_count() is %2 on the virtual clock; a real run sizes it from its computer&apos;s CPUs</source>
        <translation>事件循环的默认线程池（asyncio.to_thread()、run_in_executor(None, ...)）在这里有 %1 个工作者：CPython 按 min(32, os.cpu_count() + 4) 定它的大小，而在虚拟时钟上 os.cpu_count() 是 %2；真实运行按所在电脑的 CPU 数来定</translation>
    </message>
    <message>
        <source>the default thread pool (ThreadPoolExecutor() without max_workers) has %1 workers here: CPython sizes it min(32, os.cpu_count() + 4), and os.cpu_count() is %2 on the virtual clock; a real run sizes it from its computer&apos;s CPUs</source>
        <translation>默认的线程池（未给 max_workers 的 ThreadPoolExecutor()）在这里有 %1 个工作者：CPython 按 min(32, os.cpu_count() + 4) 定它的大小，而在虚拟时钟上 os.cpu_count() 是 %2；真实运行按所在电脑的 CPU 数来定</translation>
    </message>
    <message>
        <source>A pool made without max_workers takes its size from os.cpu_count(): asyncio&apos;s own pool (the one asyncio.to_thread() and run_in_executor(None, ...) use) and ThreadPoolExecutor() have min(32, os.cpu_count() + 4) workers, ProcessPoolExecutor() os.cpu_count(). The virtual clock answers os.cpu_count() with the same number on every computer, so that every run is the same; python3 on your computer answers with its own CPU count, and its pool may have fewer or more workers. Where this run has more jobs at once than that, a real run there starts the rest later (they wait in the pool&apos;s queue), and what waits for them ends later. Give the pool its size (ThreadPoolExecutor(max_workers=8), loop.set_default_executor()) to make a real run match.</source>
        <translation>未给 max_workers 的池按 os.cpu_count() 定大小：asyncio 自己的池（asyncio.to_thread() 和 run_in_executor(None, ...) 用的那个）和 ThreadPoolExecutor() 有 min(32, os.cpu_count() + 4) 个工作者，ProcessPoolExecutor() 有 os.cpu_count() 个。虚拟时钟在每台电脑上都给 os.cpu_count() 同一个数，好让每次运行都相同；你电脑上的 python3 给出的是它自己的 CPU 数，池的工作者可能更少或更多。这次运行中同时进行的作业比那更多的地方，真实运行会晚些才开始其余的作业（它们在池的队列中等待），等它们的代码也会晚些结束。给池指定大小（ThreadPoolExecutor(max_workers=8)、loop.set_default_executor()），真实运行就会与之一致。</translation>
    </message>
    <message>
        <source>main() caught the CancelledError of a cancel() of it (line %1) and went on: the cancel did not stop it</source>
        <translation>main() 捕获了对它的一次 cancel()（第 %1 行）带来的 CancelledError 并继续执行：这次取消没有让它停下</translation>
    </message>
    <message>
        <source>main() caught the CancelledError of a cancel() of it and went on: the cancel did not stop it</source>
        <translation>main() 捕获了对它的一次 cancel() 带来的 CancelledError 并继续执行：这次取消没有让它停下</translation>
    </message>
    <message>
        <source>task %1 caught the CancelledError of a cancel() of it (line %2) and went on, so a cancel request was still pending when this asyncio.timeout() expired: it raised no TimeoutError (its except TimeoutError did not run) and let the CancelledError out of the block</source>
        <translation>任务 %1 捕获了对它的一次 cancel()（第 %2 行）带来的 CancelledError 并继续执行，所以这个 asyncio.timeout() 到期时仍有一个取消请求未了结：它没有抛出 TimeoutError（其 except TimeoutError 没有执行），而是让 CancelledError 传出了这个代码块</translation>
    </message>
    <message>
        <source>task %1 caught the CancelledError of a cancel() of it and went on, so a cancel request was still pending when this asyncio.timeout() expired: it raised no TimeoutError (its except TimeoutError did not run) and let the CancelledError out of the block</source>
        <translation>任务 %1 捕获了对它的一次 cancel() 带来的 CancelledError 并继续执行，所以这个 asyncio.timeout() 到期时仍有一个取消请求未了结：它没有抛出 TimeoutError（其 except TimeoutError 没有执行），而是让 CancelledError 传出了这个代码块</translation>
    </message>
    <message>
        <source>asyncio.wait_for() lost a cancel of task %1: it came as the awaited coroutine ended, and CPython 3.11&apos;s wait_for then returns that coroutine&apos;s result instead of raising CancelledError, so the task went on as if it had not been cancelled</source>
        <translation>asyncio.wait_for() 丢掉了对任务 %1 的一次取消：取消恰好在被等待的协程结束时到来，此时 CPython 3.11 的 wait_for 返回该协程的结果而不抛出 CancelledError，于是任务像没被取消一样继续执行</translation>
    </message>
    <message>
        <source>asyncio.wait_for() lost a cancel of main(): it came as the awaited coroutine ended, and CPython 3.11&apos;s wait_for then returns that coroutine&apos;s result instead of raising CancelledError, so main() went on as if it had not been cancelled</source>
        <translation>asyncio.wait_for() 丢掉了对 main() 的一次取消：取消恰好在被等待的协程结束时到来，此时 CPython 3.11 的 wait_for 返回该协程的结果而不抛出 CancelledError，于是 main() 像没被取消一样继续执行</translation>
    </message>
    <message>
        <source>gather() was given the %1 tasks of a set the program made (%2): it lists their results in the set&apos;s order, here an order fixed by when the tasks were made, the same every run, in CPython the order of their memory addresses, so a real run can list them in another order</source>
        <translation>gather() 收到了程序自己建立的集合（%2）中的 %1 个任务：它按集合的顺序列出结果；这里这个顺序由任务创建的先后决定，每次运行都一样，而在 CPython 中是它们内存地址的顺序，所以真实运行可能以另一种顺序列出结果</translation>
    </message>
    <message>
        <source>the program printed what %1 tasks of a set it made (%2) did, going through the set: here in an order fixed by when they were made, the same every run, in CPython in the order of their memory addresses, so a real run can print them in another order</source>
        <translation>程序遍历它自己建立的集合（%2），打印了其中 %1 个任务的结果：这里遍历的顺序由它们创建的先后决定，每次运行都一样，而在 CPython 中是它们内存地址的顺序，所以真实运行可能以另一种顺序打印</translation>
    </message>
    <message>
        <source>the program cancelled %1 tasks of a set it made (%2) in the set&apos;s order: here an order fixed by when they were made, the same every run, in CPython the order of their memory addresses, so a real run can cancel them, and run their cleanup (except CancelledError, finally), in another order</source>
        <translation>程序按它自己建立的集合（%2）的顺序取消了其中 %1 个任务：这里这个顺序由它们创建的先后决定，每次运行都一样，而在 CPython 中是它们内存地址的顺序，所以真实运行可能以另一种顺序取消它们并运行它们的清理代码（except CancelledError、finally）</translation>
    </message>
    <message>
        <source>A task that catches the CancelledError of a cancel() of it and goes on leaves the request counted (Task.cancelling()). An asyncio.timeout() it enters before that, and that expires after, then takes its own CancelledError for that request&apos;s: it raises no TimeoutError, its except TimeoutError never runs, and the CancelledError goes on out of the block, so the task ends cancelled (or wherever it is caught). Re-raise the CancelledError after cleaning up. CPython 3.11&apos;s asyncio.wait_for() also loses a cancel that comes just as the coroutine it waits for ends: it returns the result and the task goes on, though the task&apos;s code caught nothing.</source>
        <translation>任务捕获了对它的 cancel() 带来的 CancelledError 并继续执行时，这个取消请求仍被计数（Task.cancelling()）。如果它在此之前进入了一个 asyncio.timeout()，而这个超时在此之后到期，超时会把自己的 CancelledError 当作那个请求的：它不抛出 TimeoutError，其 except TimeoutError 永远不会执行，CancelledError 继续传出代码块，于是任务以被取消告终（或在别处被捕获）。清理之后请重新抛出 CancelledError。CPython 3.11 的 asyncio.wait_for() 也会丢掉恰好在它等待的协程结束时到来的取消：它返回结果，任务继续执行，尽管任务自己的代码什么也没有捕获。</translation>
    </message>
    <message>
        <source>CPython goes through a set of tasks or coroutines in the order of their memory addresses, which differ between runs and builds; the virtual clock&apos;s run goes through them in an order fixed by when they were made or given (mostly that order), the same every run. A TaskGroup whose task failed (or whose body raised, or that was cancelled) cancels the tasks it has left through such a set, and as_completed() makes its tasks from a set of the coroutines given: the tasks resume or start in that order, so what they print then (in except CancelledError, finally, or their first step) can come in another order in a real run. asyncio.wait() returns its done and pending tasks as two such sets: a loop over one of them (for t in done: print(t.result())) meets the tasks in another order in a real run, and prints their results in that order; sort them (by the order you made them in) where the order matters. asyncio.all_tasks() returns such a set too, and so is a set of tasks the program builds itself (background_tasks.add(task)): cancelling them in a loop over it, gather(*tasks) or printing what each did in such a loop follows that order.</source>
        <translation>CPython 遍历任务或协程的集合时，顺序取决于它们的内存地址，而内存地址在不同运行、不同构建之间会变化；虚拟时钟上的运行则按由它们被创建或给出的先后决定的顺序遍历（大多就是那个顺序），每次都一样。TaskGroup 的某个任务失败（或它的主体抛出异常，或它被取消）时，它通过这样的集合取消剩余的任务；as_completed() 也从给定协程组成的集合创建任务：任务按这个顺序恢复或开始运行，所以它们此时打印的内容（在 except CancelledError、finally 或第一步中）在真实运行中可能以另一种顺序出现。asyncio.wait() 把已完成和未完成的任务作为两个这样的集合返回：遍历其中一个（for t in done: print(t.result())）时，真实运行会以另一种顺序遇到这些任务，并按那个顺序打印它们的结果；顺序重要时，请先排序（例如按创建它们的顺序）。asyncio.all_tasks() 返回的也是这样的集合，程序自己建立的任务集合（background_tasks.add(task)）也是：在遍历它的循环中逐个取消任务、gather(*tasks)，或在这样的循环中打印每个任务的结果，都遵循这个顺序。</translation>
    </message>
    <message>
        <source>the program printed what %1 tasks of a set it made (%2) did, going through sorted() of it, whose key= ties for some of them: sorted() keeps those in the set&apos;s order, here an order fixed by when they were made, the same every run, in CPython the order of their memory addresses, so a real run can print them in another order</source>
        <translation>程序按 sorted() 排序后遍历它自己建立的集合（%2），打印了其中 %1 个任务的结果，而 key= 对其中一些任务给出相同的值：sorted() 让这些任务保持集合中的顺序，这里这个顺序由它们创建的先后决定，每次运行都一样，而在 CPython 中是它们内存地址的顺序，所以真实运行可能以另一种顺序打印</translation>
    </message>
    <message>
        <source>the program cancelled %1 tasks of a set it made (%2) going through sorted() of it, whose key= ties for some of them: sorted() keeps those in the set&apos;s order, here an order fixed by when they were made, the same every run, in CPython the order of their memory addresses, so a real run can cancel them, and run their cleanup (except CancelledError, finally), in another order</source>
        <translation>程序按 sorted() 排序后遍历它自己建立的集合（%2），取消了其中 %1 个任务，而 key= 对其中一些任务给出相同的值：sorted() 让这些任务保持集合中的顺序，这里这个顺序由它们创建的先后决定，每次运行都一样，而在 CPython 中是它们内存地址的顺序，所以真实运行可能以另一种顺序取消它们并运行它们的清理代码（except CancelledError、finally）</translation>
    </message>
    <message>
        <source>this Queue is used as a pool of objects that tasks borrow and give back (a task put back the object it took from it): a task that waits in get() for a free object is drawn waiting for one on its own lane, and running from the moment it takes one</source>
        <translation>这个 Queue 被用作对象池：任务借出对象、用完归还（一个任务把它从中取出的对象放了回去）：在 get() 中等待空闲对象的任务会在它自己的泳道上画成在等待，从它取到对象的那一刻起画成运行</translation>
    </message>
    <message>
        <source>The tracer draws each item of a program&apos;s own asyncio.Queue as a job. This Queue holds objects that tasks take with get() and put back when they are done with them (a pool of connections, say, or slot tokens: a limit), so its objects are no jobs, and an object given back is not drawn as queued. A task that waits in get() while every object is borrowed is drawn waiting for one on its own lane, as a task waits for a semaphore&apos;s permit, and running from the moment it takes one.</source>
        <translation>追踪器把程序自己的 asyncio.Queue 中的每一项画成一个作业。这个 Queue 装的是对象，任务用 get() 取出，用完后再放回去（例如一个连接池，或者名额令牌：一种限流），所以它的对象不是作业；归还的对象也不会画成排队中。所有对象都被借出时在 get() 中等待的任务会在它自己的泳道上画成在等待对象，就像任务等待信号量的许可一样，从它取到对象的那一刻起画成运行。</translation>
    </message>
</context>
<context>
    <name>cs::ui::WarningsPanel</name>
    <message>
        <source>No pitfalls seen so far.</source>
        <translation>目前没有发现陷阱。</translation>
    </message>
    <message>
        <source>Click a warning for what it means.</source>
        <translation>点击一条警告查看它的含义。</translation>
    </message>
</context>
<context>
    <name>cs::ui::WorkersPass</name>
    <message>
        <source>1 worker</source>
        <translation>1 个工作者</translation>
    </message>
    <message>
        <source>%L1 workers</source>
        <translation>%L1 个工作者</translation>
    </message>
    <message>
        <source>1 borrower</source>
        <translation>1 个借用者</translation>
    </message>
    <message>
        <source>%L1 borrowers</source>
        <translation>%L1 个借用者</translation>
    </message>
</context>
<context>
    <name>cs::ui::clockName</name>
    <message>
        <source>real time</source>
        <translation>真实时间</translation>
    </message>
    <message>
        <source>virtual time</source>
        <translation>虚拟时间</translation>
    </message>
</context>
<context>
    <name>cs::ui::formatDuration</name>
    <message>
        <source>0 s</source>
        <translation>0 秒</translation>
    </message>
    <message>
        <source>%1 µs</source>
        <translation>%1 微秒</translation>
    </message>
    <message>
        <source>%1 ms</source>
        <translation>%1 毫秒</translation>
    </message>
    <message>
        <source>%1 s</source>
        <translation>%1 秒</translation>
    </message>
</context>
<context>
    <name>cs::ui::formatRate</name>
    <message>
        <source>%1 /s</source>
        <translation>%1 /秒</translation>
    </message>
</context>
<context>
    <name>cs::ui::formatTime</name>
    <message>
        <source>%1 s</source>
        <translation>%1 秒</translation>
    </message>
</context>
</TS>
