import Schema

/// The second held-out part of the test set: written after the rules were tuned on the
/// first held-out part, and run once before any rule changed (docs/services/intake.md).
/// Same line format as `FaultCorpus`.
extension FaultCorpus {
    static let secondHeldOutSections: [(product: ProductCategory?, table: String)] = [
        (.refrigerator, """
        hardware     | -      | 冰箱冷冻的肉都软了，摸着一点都不冰
        hardware     | -      | 冰箱背面烫得厉害，嗡嗡嗡一直不停
        hardware     | -      | 冰箱门上的显示面板全黑了
        hardware     | -      | 雪櫃啲冰融晒，部機好似冇電咁
        user-damage  | -      | 我老公拿刀铲冰把冷冻室的内壁戳破了
        hardware     | -      | the freezer door won't seal properly and ice keeps forming around the edge
        """),
        (.washingMachine, """
        hardware     | -      | 洗衣机洗到一半卡在那里不动了，衣服泡在水里
        hardware     | -      | 滚筒洗衣机的玻璃门关上后锁不住，一直滴滴叫
        hardware     | -      | 洗衣机底部的排水过滤器那里往外冒水
        software     | -      | 洗衣机剩余时间一直显示99分钟，倒计时不走
        installation | -      | 洗衣机放在阳台，师傅没装防震垫，一洗就挪位置
        hardware     | -      | Washer stops mid cycle and flashes all the lights
        """),
        (.kitchenAppliance, """
        hardware     | -      | 燃气灶的旋钮拧下去就弹不回来
        hardware     | -      | 洗碗机的门合上之后灯一直闪，不开始洗
        hardware     | -      | 净水器的废水口一直在流，停不下来
        hardware     | hazard | 电饭煲煮饭的时候底下冒出黑烟，插头也很烫
        user-damage  | -      | 电磁炉的面板被锅砸出了一个裂纹
        hardware     | -      | Microwave hums but the food stays cold
        """),
        (.airConditioner, """
        hardware     | -      | 空调出风口往下滴水，滴到床上了
        hardware     | -      | 空调开制热吹的是冷风
        hardware     | -      | 空调遥控器的屏幕不显示了
        network      | -      | 用米家控制空调一直提示设备不在线
        installation | -      | 请帮忙把客厅的柜机挪到书房去
        hardware     | -      | aircon outdoor unit fan spinning but no cold air inside
        """),
        (.waterHeater, """
        hardware     | -      | 热水器打开后要等很久才出热水，水还不够热
        hardware     | -      | 电热水器的指示灯不亮，也不烧水
        hardware     | hazard | 洗澡的时候碰到花洒有麻的感觉，怀疑热水器漏电
        hardware     | -      | 熱水器嘅水忽冷忽熱，調溫度都冇用
        installation | -      | 新房子需要装一台燃气热水器，烟道已经预留了
        hardware     | -      | The pilot light keeps going out on the gas water heater
        """),
        (.rangeHood, """
        hardware     | -      | 油烟机关掉以后风机还在转
        hardware     | -      | 烟机的玻璃面板有裂纹了
        hardware     | -      | 油烟机电机转的时候有刺耳的摩擦声
        user-damage  | -      | 清洗的时候用钢丝球擦，把面板的涂层全擦掉了
        hardware     | -      | 油煙機開了之後廚房還是一屋煙味
        hardware     | -      | Range hood lights work but the fan doesn't come on at all
        """),
        (.robotVacuum, """
        hardware     | -      | 扫地机器人老是掉下楼梯，防跌落好像不管用
        hardware     | -      | 扫地机充电座的指示灯不亮，机器放上去也不充电
        software     | -      | 扫地机每次都把客厅识别成卧室，分区全乱了
        network      | -      | 扫地机在卧室就断开连接，客厅是好的
        hardware     | -      | 扫地机工作的时候发出尖锐的叫声
        hardware     | -      | My robot vacuum's roller brush won't turn anymore
        """),
        (.smartLock, """
        hardware     | -      | 门锁的猫眼屏幕花了，看不清外面
        hardware     | -      | 密码锁输入密码后要等好几秒才开
        software     | -      | 门锁的开门记录不更新，一直停留在上周
        network      | -      | 门锁在App里一直显示未连接
        user-damage  | -      | 装修时油漆溅到门锁的指纹头上，现在识别不了
        hardware     | -      | The smart lock keypad doesn't light up when I touch it
        """),
        (.smartSpeaker, """
        hardware     | -      | 音箱的麦克风好像坏了，离远一点就听不到我说话
        software     | -      | 音箱定的闹钟到点了没响
        network      | -      | 音箱一直在说网络连接中，然后就没反应了
        hardware     | -      | 音箱放歌的时候有嗞嗞的电流声
        user-damage  | -      | 小朋友往音箱的孔里塞了橡皮泥
        software     | -      | The speaker keeps answering questions nobody asked
        """),
        (.homeDecor, """
        hardware     | -      | 卫生间的镜前灯忽明忽暗
        hardware     | -      | 客厅的地毯边缘卷起来了，压不平
        hardware     | -      | 窗帘电机拉着拉着就自己反方向走
        installation | -      | 墙上的置物架装得不稳，一放东西就往下掉
        user-damage  | -      | 孩子拿剪刀把窗帘剪了一个口子
        hardware     | hazard | The LED strip got really hot and there's a burning plastic smell
        """),
        (.furniture, """
        hardware     | -      | 书柜的层板弯了，放书放到中间都塌下来
        hardware     | -      | 沙发的海绵回弹很慢，坐一下就一个坑
        hardware     | -      | 电动沙发躺下去就起不来了，按钮没用
        hardware     | -      | 抽屉拉到一半就拉不动了
        installation | -      | 你们的师傅组装的床少了两颗螺丝，床一直晃
        hardware     | -      | The dining chair's leg joint has come loose
        """),
        (.doorsWindows, """
        hardware     | -      | 下暴雨窗台进水了，墙皮都泡了
        hardware     | -      | 门关上之后有很大的缝，冬天冷风直接灌进来
        hardware     | -      | 推拉窗的锁扣扣不上
        hardware     | -      | 纱门的磁条掉了，关不上
        user-damage  | -      | 搬沙发进门的时候把门套刮花了
        hardware     | -      | The front door drags on the floor and sticks when I try to close it
        """),
        (.flooring, """
        hardware     | -      | 地板的锁扣断了，有两块地板分开了
        hardware     | -      | 地板表面出现很多白色的斑点
        hardware     | -      | 走廊的地板一踩就往下沉
        installation | -      | 地板铺完以后踢脚线没装，墙边都是缝
        user-damage  | -      | 家里狗狗在地板上尿了好几次，现在发黑变形了
        hardware     | -      | Engineered wood floor is splitting along the grain
        """),
        (.tiles, """
        hardware     | -      | 瓷砖上有很多小黑点，擦也擦不掉
        hardware     | -      | 淋浴区的地砖一直渗水，楼下天花板湿了
        hardware     | -      | 墙砖和墙之间一敲就是空的声音，怕掉下来
        installation | -      | 地砖贴完没几天就翘边了，师傅水泥没铺满
        user-damage  | -      | 小孩玩的时候拿铁锤把地砖敲裂了
        hardware     | -      | The tiles in the entryway have started to crack at the corners
        """),
        (.sanitaryWare, """
        hardware     | -      | 马桶按了冲水按钮没反应，要按好几下
        hardware     | -      | 浴室柜的门板受潮鼓起来了
        hardware     | -      | 洗手池的下水管有一股臭味飘出来
        hardware     | -      | 淋浴房的玻璃门合不拢，关不上
        installation | -      | 马桶的排污口没对准，装完之后一直有臭味
        hardware     | -      | The shower mixer only gives scalding or freezing water
        """),
        (nil, """
        unknown      | -      | 昨天报修的单子怎么还没有人联系我
        unknown      | -      | 麻烦取消一下我的预约，谢谢
        hardware     | hazard | 插座那边啪啪响还冒火星子，已经把总闸关了
        hardware     | -      | 东西用了两个月就不能用了
        unknown      | -      | 可以改一下上门的时间吗，下午三点以后
        hardware     | hazard | 家里突然有很大的焦糊味，好像是从机器里出来的
        """),
    ]
}
