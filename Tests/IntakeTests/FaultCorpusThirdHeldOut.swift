import Schema

/// The third held-out part of the test set: written after the rules were tuned on the
/// second held-out part, and run once before any rule changed (docs/services/intake.md).
/// Same line format as `FaultCorpus`.
extension FaultCorpus {
    static let thirdHeldOutSections: [(product: ProductCategory?, table: String)] = [
        (.refrigerator, """
        hardware     | -      | 冰箱冷藏室的后壁一直挂着水珠，往下淌
        hardware     | -      | 冰箱的门合上会反弹开一条缝
        software     | -      | 冰箱的智能屏开机以后一直卡在logo界面
        hardware     | -      | Fridge is running constantly and the back is hot to touch
        """),
        (.washingMachine, """
        hardware     | -      | 洗衣机排水的时候水管那里哗哗地往外漏
        hardware     | -      | 洗衣机烘干功能用不了，衣服出来还是湿的
        user-damage  | -      | 我把羽绒服塞进去洗，结果滚筒的胶圈被撑破了
        network      | -      | Washer won't show up in the app after I changed the wifi password
        """),
        (.kitchenAppliance, """
        hardware     | -      | 燃气灶点火以后松手就灭
        hardware     | -      | 消毒柜的门关不上，灯也不亮
        hardware     | hazard | 微波炉加热的时候里面闪火花，还有啪啪声
        installation | -      | 嵌入式蒸箱尺寸和柜子不符，师傅说要改柜子才能装
        """),
        (.airConditioner, """
        hardware     | -      | 空调制冷一会就开始吹热风
        hardware     | -      | 挂机出风口有水珠喷出来
        installation | -      | 空调外机的管子保温棉没包好，冷凝水滴到楼下
        hardware     | -      | The mini split makes a loud clunk when it turns off
        """),
        (.waterHeater, """
        hardware     | -      | 热水器的温度怎么调都是四十度，调不上去
        hardware     | hazard | 燃气热水器点火的时候嘭的一声，吓一跳，火还窜出来了
        hardware     | -      | 热水器的进水口接头渗水，地上湿了一片
        unknown      | -      | 热水器保修还有几年？我是前年买的
        """),
        (.rangeHood, """
        hardware     | -      | 油烟机只能开一档，二档三档按了没反应
        hardware     | -      | 油烟机的止回阀一直啪嗒啪嗒地响
        hardware     | -      | 油烟机外壳有好多锈斑
        user-damage  | -      | 炒菜的时候火太大把油烟机下面的面板烤变形了
        """),
        (.robotVacuum, """
        hardware     | -      | 扫地机一直提示左轮悬空，但明明在地上
        hardware     | -      | 扫地机的尘盒卡扣断了，盖子合不上
        software     | -      | 扫地机设置的禁区不生效，还是会跑进去
        network      | -      | 扫地机经常掉网，App里要过很久才显示在线
        """),
        (.smartLock, """
        hardware     | -      | 门锁的把手往上提的时候锁不上门
        hardware     | -      | 门锁电池仓的盖子掉了
        user-damage  | -      | 有人用螺丝刀撬过门锁，面板被撬变形了
        hardware     | -      | The lock beeps three times and refuses to open with my fingerprint
        """),
        (.smartSpeaker, """
        hardware     | -      | 音箱的低音震得很厉害，像是喇叭破了
        software     | -      | 音箱总是自己切换到别的歌单
        network      | -      | 音箱连上了WiFi但是一直提示无法访问网络
        hardware     | -      | The speaker randomly cuts out and the power light blinks red
        """),
        (.homeDecor, """
        hardware     | -      | 吊扇灯转起来整个在摇，还有咯吱声
        hardware     | -      | 墙纸有一条一条的水印
        installation | -      | 窗帘轨道装歪了，拉起来一边高一边低
        hardware     | -      | The rug's colour has bled after the first clean
        """),
        (.furniture, """
        hardware     | -      | 实木桌面裂开了一条缝，越来越宽
        hardware     | -      | 沙发的拉链坏了，套子拉不上
        user-damage  | -      | 不小心把热水壶放在茶几上，烫出了一个白印
        hardware     | -      | The recliner mechanism is stuck in the open position
        """),
        (.doorsWindows, """
        hardware     | -      | 铝合金窗的玻璃胶发黑脱开了
        hardware     | -      | 门铰链一直咯吱咯吱响，上了油也不行
        installation | -      | 窗户安装得不垂直，关窗要用很大的力
        hardware     | -      | The patio door lock won't engage anymore
        """),
        (.flooring, """
        hardware     | -      | 地板中间拱起来一条，像个小山坡
        hardware     | -      | 地板漆面起了很多细小的裂纹
        user-damage  | -      | 钢琴搬动的时候把地板压出了两个坑
        hardware     | -      | The floor has dark stains spreading near the dishwasher
        """),
        (.tiles, """
        hardware     | -      | 地砖的边角翘起来了，走路会绊到
        hardware     | -      | 墙砖表面出现了网状的细裂纹
        installation | -      | 瓷砖铺完以后排水坡度不对，淋浴的水流不到地漏
        hardware     | -      | Some wall tiles have come away from the wall
        """),
        (.sanitaryWare, """
        hardware     | -      | 马桶坐下去的时候会晃，底座和地面有缝
        hardware     | -      | 智能马桶的烘干不出热风
        hardware     | -      | 面盆龙头出水是歪的，溅得到处都是
        user-damage  | -      | 往马桶里倒了猫砂，现在彻底堵死了
        """),
        (nil, """
        unknown      | -      | 请问你们周末上班吗
        hardware     | hazard | 机器后面有蓝色的电火花，噼啪作响
        hardware     | -      | 刚买回来就有问题，开都开不了
        unknown      | -      | I need a copy of the repair invoice for my insurance
        """),
    ]
}
