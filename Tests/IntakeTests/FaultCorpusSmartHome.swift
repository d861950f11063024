/// Test-set sections for the smart devices and home décor (see `FaultCorpus` for the
/// line format).
extension FaultCorpus {
    // MARK: Robot vacuum

    static let robotVacuum = """
    software     | -      | 扫地机器人升级固件以后一直死机
    network      | -      | 扫地机配网失败，路由器是5G的
    user-damage  | -      | 狗把扫地机的边刷咬坏了
    software     | -      | 掃地機器人更新韌體後一直死機
    network      | -      | Robot vacuum keeps disconnecting from WiFi and shows offline in the app
    user-damage  | -      | My dog chewed the power cable of the robot vacuum
    hardware     | -      | 扫地机不回充了，找不到充电座
    hardware     | -      | 边刷不转，主刷缠满头发后就一直报警
    hardware     | -      | 扫地机吸力变小，地上的灰尘吸不干净
    hardware     | -      | 扫地机在原地转圈，左轮好像卡住了
    hardware     | -      | 拖布不出水，水箱是满的
    hardware     | -      | 电池不耐用，充满电扫一个房间就没电了
    hardware     | -      | 激光雷达罩子不转，报激光传感器异常
    software     | -      | 地图总是丢失，每次都要重新建图
    software     | -      | 扫地机语音播报乱说，明明没卡住却一直说被困
    network      | -      | 扫地机器人连不上WiFi，App显示离线
    hardware     | -      | 扫地机撞墙很用力，防撞条好像失灵了
    unknown      | -      | 扫地机的滤网和边刷在哪里可以买到
    hardware     | -      | 掃地機吸力很弱，而且噪音很大
    hardware     | -      | The robot vacuum won't dock and the side brush stopped spinning
    hardware     | -      | Battery dies after 10 minutes and it makes a grinding noise
    software     | -      | The app map keeps resetting after the latest update
    hardware     | -      | 扫地机 suction 很弱，尘盒也装不上了
    user-damage  | -      | 小孩把扫地机当滑板踩，外壳踩裂了
    """

    // MARK: Smart lock

    static let smartLock = """
    network      | -      | 智能门锁连不上WiFi，App显示离线
    user-damage  | -      | 手机放上去的时候打翻了水杯，门锁进水后不亮了
    hardware     | -      | 非人为损坏，门锁电池没电很快
    network      | -      | 智能門鎖連不上網絡，一直離線
    hardware     | -      | The smart lock doesn't leak but the handle is loose
    software     | -      | 门锁 firmware 升级失败，指纹识别不了
    hardware     | -      | 指纹识别不灵，要按好几次才开
    hardware     | -      | 门锁把手松动，往下压的时候有点晃
    hardware     | -      | 电子锁锁舌缩不回去，门打不开了
    hardware     | -      | 密码键盘有几个按键不亮
    hardware     | -      | 门锁一直滴滴报警，换了新电池也没用
    hardware     | -      | 人脸识别失灵了，只能用密码开门
    software     | -      | 门锁里的指纹数据全没了，管理员设置也被恢复出厂了
    software     | -      | 门锁时间显示不对，临时密码一直提示错误
    network      | -      | 门锁的蓝牙连不上手机，远程开锁用不了
    installation | -      | 门锁装好后门关不上，锁舌对不准锁孔，开孔位置不对
    user-damage  | -      | 孩子用钥匙在面板上乱划，屏幕划花了
    unknown      | -      | 门锁忘记管理员密码了，怎么重置
    hardware     | -      | 門鎖鎖芯卡住了，鑰匙轉不動
    hardware     | -      | 電子鎖電池很快沒電，還會誤報警
    hardware     | -      | The fingerprint reader doesn't recognise me anymore and the keypad light stays off
    hardware     | -      | Lock motor makes a grinding sound and the latch doesn't retract
    installation | -      | Installer drilled the hole in the wrong spot and the lock doesn't line up with the strike plate
    hardware     | hazard | 门锁充电的时候电池鼓包冒烟了
    """

    // MARK: Smart speaker

    static let smartSpeaker = """
    software     | -      | 智能音箱经常自动重启，语音助手没反应
    network      | -      | 家里没网的时候音箱就用不了
    user-damage  | -      | 小孩不小心把音箱摔了，外壳裂了
    user-damage  | -      | 小孩把音箱摔壞了
    software     | -      | After the firmware update the speaker crashes every few minutes
    network      | -      | ＷｉＦｉ断网，音箱掉线
    software     | -      | 没有漏水，WiFi也正常，就是一直卡顿
    software     | -      | no noise, no leak, the screen just freezes
    network      | -      | WiFi连不上, router重启也没用
    hardware     | -      | 音箱声音有杂音，开大音量就破音
    hardware     | -      | 音箱完全没有声音了，灯是亮的
    software     | -      | 叫了好几遍小度都唤醒不了
    software     | -      | 音箱半夜自己说话，吓了一跳
    hardware     | -      | 音箱充不上电，插上电源灯也不亮
    network      | -      | 蓝牙音箱和手机配对不上，搜不到设备
    software     | -      | 语音识别很差，说什么都听不懂
    hardware     | -      | 音量键按下去没反应，触控面板失灵
    unknown      | -      | 音箱能不能绑定两个账号？
    software     | -      | 智能音箱經常當機，要拔電源才能恢復
    network      | -      | 音箱一直斷線，網路明明是好的
    hardware     | -      | The speaker makes a crackling sound at high volume and the top buttons are stuck
    network      | -      | Speaker won't connect to the new router, setup fails at the network step
    software     | -      | 音箱 alarm 不响了，app 里设置了也没用
    hardware     | hazard | 音箱电源适配器发烫，还闻到一股烧焦的塑料味
    """

    // MARK: Home décor (lamps, curtains, wallpaper, mirrors, carpets)

    static let homeDecor = """
    hardware     | -      | 客厅吊灯有几个灯泡一闪一闪的
    hardware     | -      | 电动窗帘电机不转了，遥控按了没反应
    network      | -      | 电动窗帘连不上网，App里一直显示离线
    hardware     | -      | 墙纸接缝的地方起皮翘边了
    hardware     | -      | 卫生间的镜柜灯不亮了
    hardware     | -      | 窗帘轨道异响，拉的时候咯咯响
    hardware     | -      | 新地毯掉毛很严重，吸尘器吸了好几次还在掉
    hardware     | hazard | 吸顶灯冒烟了，还有一股烧焦的味道
    hardware     | -      | 装饰镜的镜面发黑氧化，边上一圈黑斑
    installation | -      | 挂画的挂钩安装不牢，画掉下来了
    installation | -      | 吊灯装好以后是歪的，需要重新安装
    user-damage  | -      | 猫把窗帘抓破了好几个洞
    user-damage  | -      | 小孩拿球砸到落地灯，灯罩砸碎了
    software     | -      | 智能灯升级以后场景模式都没了，定时也不生效
    unknown      | -      | 窗帘可以改短一点吗，需要什么费用
    hardware     | -      | 壁紙發黴起泡，接縫處都翹起來了
    hardware     | -      | 吊燈一直閃爍，開關也有點鬆
    hardware     | -      | The motorised blind stopped halfway and the motor just hums
    hardware     | -      | Wallpaper is peeling at the seams and there are mould spots
    hardware     | hazard | The ceiling lamp sparks when I switch it on
    network      | -      | 智能灯 bluetooth 配对不上，app 里 search 不到
    hardware     | -      | 床头灯 flicker 得厉害，开关也 loose
    """
}
